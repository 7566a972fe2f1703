"""Query parameters of the read endpoints: declared, validated, and nothing else accepted."""

import django_filters as filters
from django import forms
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail

from .models import Article, Region, RegionKind, Section, Source, SourceKind
from .problems import InvalidParameters
from .stories.queries import earliest_per_story

TAG_ROLES = ("dateline", "headline", "body")

ARTICLE_ORDERINGS = {
    "-published_at": ("-published_at", "-id"),
    "published_at": ("published_at", "id"),
    "relevance": ("-rank", "-id"),
}


class RegionsField(forms.Field):
    """One or more regions by slug or ISO code, repeated or comma-separated."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value or ""]
        return [part.strip() for item in values for part in item.split(",") if part.strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > 20:
            raise forms.ValidationError("At most 20 regions can be given.")

    def clean(self, value):
        identifiers = super().clean(value)
        if not identifiers:
            return None
        regions = Region.objects.identified_by(identifiers)
        known = {code.lower() for r in regions for code in (r.slug, r.iso2, r.iso3) if code}
        unknown = [value for value in identifiers if value.lower() not in known]
        if unknown:
            raise forms.ValidationError(f"Unknown region: {', '.join(unknown)}.")
        return regions


def document_as(filter_, schema):
    """Tell the schema generator what a custom filter takes, keeping its help text."""
    return extend_schema_field({**schema, "description": filter_.extra["help_text"]})(filter_)


class RegionsFilter(filters.Filter):
    field_class = RegionsField

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        document_as(self, {"type": "array", "items": {"type": "string"}})


class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """One or more related objects by slug, repeated: `?source=reuters&source=afp`."""

    def __init__(self, *, model, **kwargs):
        super().__init__(to_field_name="slug", queryset=model.objects.all(), **kwargs)
        document_as(self, {"type": "string"})  # the generator makes it a repeated array


class ArticleFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Full-text search over headline, summary and body.",
    )
    source = SlugsFilter(
        field_name="source__slug", model=Source, help_text="Source slug; repeat for several."
    )
    section = SlugsFilter(
        field_name="section__slug", model=Section, help_text="Section slug; repeat for several."
    )
    region = RegionsFilter(
        method="filter_nothing",
        help_text="Region slug or ISO 3166-1 code; repeat for several. Regions below it match too.",
    )
    region_role = filters.ChoiceFilter(
        choices=[(role, role) for role in TAG_ROLES],
        method="filter_nothing",
        help_text="Only tags found in this part of the article (with `region`: that region's).",
    )
    min_confidence = filters.NumberFilter(
        method="filter_nothing",
        min_value=0,
        max_value=1,
        help_text="Only tags at least this sure, from 0 to 1 (with `region`: that region's).",
    )
    main_region = RegionsFilter(
        method="filter_nothing",
        help_text="Articles whose main subject is this region or one below it.",
    )
    language = filters.CharFilter(max_length=35, help_text="BCP 47 language tag, e.g. `en`.")
    published_after = filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="ISO 8601; inclusive."
    )
    published_before = filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lt", help_text="ISO 8601; exclusive."
    )
    updated_since = filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="ISO 8601; articles created or changed since then, for incremental sync.",
    )
    collapse = filters.ChoiceFilter(
        choices=[("story", "story")],
        method="filter_nothing",
        help_text="`story`: one article per story (copies of one wire story count once), the "
        "earliest published of those the other filters keep. Articles without a story yet all "
        "appear.",
    )
    ordering = filters.ChoiceFilter(
        choices=[(key, key) for key in ARTICLE_ORDERINGS],
        method="filter_nothing",
        empty_label=None,
        help_text="`-published_at` (default), `published_at`, or `relevance` (needs `q`; on "
        "PostgreSQL it ranks the 1,000 newest matches, elsewhere it is newest first).",
    )

    class Meta:
        model = Article
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset, or by the paginator (ordering)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        tag = Q()
        if data.get("region") is not None:
            tag &= Q(region__in=data["region"].with_descendants())
        if data.get("region_role"):
            tag &= Q(**{f"in_{data['region_role']}": True})
        if data.get("min_confidence") is not None:
            tag &= Q(confidence__gte=data["min_confidence"])
        if tag:
            queryset = queryset.with_tag(tag)
        if data.get("main_region") is not None:
            main = data["main_region"].with_descendants()
            queryset = queryset.with_tag(Q(region__in=main, is_main=True))
        if data.get("collapse") == "story":
            queryset = earliest_per_story(queryset)
        if data.get("ordering") == "relevance" and connection.vendor == "postgresql":
            queryset = queryset.ranked(data["q"])  # last, so it ranks what every filter kept
        return queryset

    def is_valid(self):
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        if data.get("ordering") == "relevance" and not data.get("q"):
            self.form.add_error("ordering", "Ordering by relevance needs a search query `q`.")
            return False
        return valid


class SourceFilter(filters.FilterSet):
    country = filters.CharFilter(
        method="filter_country", help_text="Country slug or ISO 3166-1 code."
    )
    kind = filters.ChoiceFilter(choices=SourceKind.choices)
    language = filters.CharFilter(max_length=35, help_text="BCP 47 language tag.")
    stale = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_stale",
        help_text="`true`: sources whose feed was never read, or not for several poll intervals "
        "(FEED_STALE_AFTER_INTERVALS, 3 by default); `false`: the others with a feed. "
        "Sources without a feed match neither.",
    )

    class Meta:
        model = Source
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=Region.objects.identified_by([value]))

    def filter_stale(self, queryset, name, value):
        now = timezone.now()
        return queryset.stale_feeds(now) if value == "true" else queryset.fresh_feeds(now)


class RegionFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=RegionKind.choices)
    parent = filters.CharFilter(field_name="parent__slug", help_text="Slug of the parent region.")
    iso_code = filters.CharFilter(
        method="filter_iso_code", help_text="ISO 3166-1 alpha-2 or alpha-3 code."
    )
    q = filters.CharFilter(field_name="name", lookup_expr="istartswith", help_text="Name prefix.")

    class Meta:
        model = Region
        fields = []

    def filter_iso_code(self, queryset, name, value):
        code = value.upper()
        return queryset.filter(iso2=code) | queryset.filter(iso3=code)


def form_errors(errors):
    """A Django form's errors as DRF error details, keeping each error's code."""
    return {
        field: [ErrorDetail(error["message"], code=error["code"]) for error in field_errors]
        for field, field_errors in errors.get_json_data().items()
    }


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 that names any query parameter the endpoint does not know."""

    def filter_queryset(self, request, queryset, view):
        allowed = set(getattr(view, "extra_query_parameters", ()))
        action = getattr(view, "action", None)
        paginator = getattr(view, "paginator", None)
        if paginator is not None and action == "list":
            allowed |= {paginator.cursor_query_param, paginator.page_size_query_param}
        # Filters narrow lists (and feeds, which have no action); a detail is not filtered.
        filterset_class = (
            self.get_filterset_class(view, queryset) if action in (None, "list") else None
        )
        names = set(filterset_class.base_filters) if filterset_class is not None else set()
        unknown = sorted(set(request.query_params) - allowed - names)
        if unknown:
            raise InvalidParameters({name: ["Unknown query parameter."] for name in unknown})
        if not names & set(request.query_params):
            # Nothing to filter by: building and validating the filter form (which copies
            # every filter) would cost the busiest list, the unfiltered first page, ~20%.
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise InvalidParameters(form_errors(filterset.errors))
        return filterset.qs
