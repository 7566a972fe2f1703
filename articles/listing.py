"""The article list's fast path: rows as dicts, no model instances, no serializer.

Building model instances and running nested serializers costs most of a list request;
this path reads only the columns the page needs (`fields`/`omit` narrow them further)
and produces exactly what ArticleListSerializer would, which documents the shape and
which a test holds this path to.
"""

from datetime import UTC

from django.urls import reverse

from .models import ArticleRegion

LIST_FIELDS = (
    "id", "url", "headline", "slug", "summary", "section", "source", "story", "regions",
    "language", "published_at", "updated_at",
)  # fmt: skip

# The columns each output field reads; ordering columns are always read, for the cursor.
COLUMNS = {
    "id": ("id",),
    "url": ("id",),
    "headline": ("headline",),
    "slug": ("slug",),
    "summary": ("summary",),
    "section": ("section__slug", "section__name"),
    "source": ("source__slug", "source__name"),
    "story": ("story_id",),
    "regions": ("id",),
    "language": ("language",),
    "published_at": ("published_at",),
    "updated_at": ("updated_at",),
}
TAG_COLUMNS = (
    "article_id", "region__slug", "region__name", "region__kind", "region__iso2",
    "region__country_code", "is_main",
)  # fmt: skip


def list_rows(queryset, fields, ordering):
    """The queryset as dicts with just the columns for these fields and the ordering."""
    columns = {column for field in fields for column in COLUMNS[field]}
    columns |= {name.lstrip("-") for name in ordering}
    return queryset.values(*sorted(columns))


def render_rows(rows, fields, request) -> list[dict]:
    """One list item per row, keys in the serializer's order."""
    links = _Links(request)
    tags = _tags_by_article([row["id"] for row in rows]) if "regions" in fields else {}
    render = {
        "id": lambda row: row["id"],
        "url": lambda row: links.article(row["id"]),
        "section": lambda row: links.named(row, "section"),
        "source": lambda row: links.named(row, "source"),
        "story": lambda row: links.story(row["story_id"]),
        "regions": lambda row: tags.get(row["id"], []),
        "published_at": lambda row: _timestamp(row["published_at"]),
        "updated_at": lambda row: _timestamp(row["updated_at"]),
    }
    plain = lambda name: lambda row: row[name]  # noqa: E731
    getters = [(name, render.get(name) or plain(name)) for name in fields]
    return [{name: get(row) for name, get in getters} for row in rows]


class _Links:
    """Absolute links built from one reversed prefix per resource, not one reverse per item."""

    def __init__(self, request):
        self.prefixes = {
            name: request.build_absolute_uri(reverse(f"{name}-list"))
            for name in ("article", "section", "source", "story")
        }

    def article(self, pk):
        return f"{self.prefixes['article']}{pk}/"

    def story(self, pk):
        return None if pk is None else {"id": pk, "url": f"{self.prefixes['story']}{pk}/"}

    def named(self, row, name):
        slug = row[f"{name}__slug"]
        if slug is None:
            return None
        return {"slug": slug, "name": row[f"{name}__name"], "url": f"{self.prefixes[name]}{slug}/"}


def _tags_by_article(ids) -> dict[int, list[dict]]:
    tags = ArticleRegion.objects.filter(article_id__in=ids).order_by("-relevance", "region_id")
    by_article: dict[int, list[dict]] = {}
    for article_id, slug, name, kind, iso2, country, is_main in tags.values_list(*TAG_COLUMNS):
        by_article.setdefault(article_id, []).append({
            "slug": slug, "name": name, "kind": kind, "iso2": iso2, "country_code": country,
            "is_main": is_main,
        })  # fmt: skip
    return by_article


def _timestamp(value):
    """As DRF writes datetimes: ISO 8601 in UTC with a trailing Z."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
