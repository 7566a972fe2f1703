"""Who publishes the news, and the sections it is filed under."""

from django.db import models

SLUG_HELP = "Unique, URL-safe name, e.g. `reuters` or `world`."


class SourceKind(models.TextChoices):
    AGENCY = "agency", "News agency"
    NEWSPAPER = "newspaper", "Newspaper"
    BROADCASTER = "broadcaster", "Broadcaster"
    ONLINE = "online", "Online outlet"
    GOVERNMENT = "government", "Government or official body"
    OTHER = "other", "Other"


class Source(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    homepage = models.URLField(max_length=500, blank=True)
    feed_url = models.URLField(max_length=1000, blank=True, help_text="RSS or Atom feed.")
    country = models.ForeignKey(
        "Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47 language tag.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["language"], name="source_language_idx"),
        ]

    def __str__(self):
        return self.name


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text=SLUG_HELP)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
