"""The gazetteer: regions in a hierarchy, browsable and used to tag articles."""

from django.db import models
from django.db.models import Q

SLUG_HELP = "Unique, URL-safe name, e.g. `armenia` or `western-asia`."


class RegionKind(models.TextChoices):
    CONTINENT = "continent", "Continent"
    SUBREGION = "subregion", "Subregion"
    COUNTRY = "country", "Country"
    TERRITORY = "territory", "Disputed or partially recognised territory"
    ADMIN_AREA = "admin_area", "First-level administrative area"
    CITY = "city", "City"


class RegionQuerySet(models.QuerySet):
    def identified_by(self, identifiers):
        """Regions named by slug or by ISO 3166-1 alpha-2/alpha-3 code (case-insensitive)."""
        slugs = [value.lower() for value in identifiers]
        codes = [value.upper() for value in identifiers]
        return self.filter(Q(slug__in=slugs) | Q(iso2__in=codes) | Q(iso3__in=codes))

    def with_descendants(self):
        """These regions and everything below them, as one query on the materialised path."""
        paths = list(self.values_list("path", flat=True))
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return Region.objects.filter(condition)


class Region(models.Model):
    key = models.CharField(
        max_length=64, unique=True, help_text="Stable gazetteer key, e.g. 'country:AM'."
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(max_length=20, choices=RegionKind.choices)
    # NULL rather than "" when absent, so the unique constraints skip regions without codes.
    iso2 = models.CharField("ISO 3166-1 alpha-2", max_length=2, null=True, blank=True)  # noqa: DJ001
    iso3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, null=True, blank=True)  # noqa: DJ001
    country_code = models.CharField(
        max_length=2, blank=True, help_text="ISO alpha-2 code of the country it lies in."
    )
    geonames_id = models.PositiveIntegerField("GeoNames id", null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Slugs from the root down, "/asia/western-asia/armenia/": descendants are a prefix match.
    path = models.CharField(max_length=500, editable=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    population = models.BigIntegerField(null=True, blank=True)
    alternative_names = models.JSONField(default=list, blank=True)
    claimants = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="claimed_territories"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso2"], condition=Q(iso2__isnull=False), name="region_unique_iso2"
            ),
            models.UniqueConstraint(
                fields=["iso3"], condition=Q(iso3__isnull=False), name="region_unique_iso3"
            ),
            models.UniqueConstraint(
                fields=["geonames_id"],
                condition=Q(geonames_id__isnull=False),
                name="region_unique_geonames_id",
            ),
        ]
        indexes = [
            models.Index(fields=["path"], name="region_path_idx"),
            models.Index(fields=["kind", "name"], name="region_kind_name_idx"),
            models.Index(fields=["name", "id"], name="region_name_idx"),  # the list's order
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def path_below(parent, slug):
        """The materialised path of a region with this slug under `parent`."""
        return f"{parent.path if parent else '/'}{slug}/"

    def ancestors(self):
        """Ancestors from the root down, in one query."""
        slugs = self.path.strip("/").split("/")[:-1]
        by_slug = {region.slug: region for region in Region.objects.filter(slug__in=slugs)}
        return [by_slug[slug] for slug in slugs if slug in by_slug]

    @property
    def is_disputed(self):
        return self.kind == RegionKind.TERRITORY
