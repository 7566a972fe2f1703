"""The one way in: raw copy or structured fields become a stored, tagged article.

Every path (the HTTP endpoints, bulk batches, `import_articles`, feeds) calls these, so
each gets the same parsing, tagging, deduplication and errors.
"""

from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles import services
from articles.errors import ArticleConflict, IngestError
from articles.models import Article, Section, Source, SourceKind

from .tagging import RegionTag, tag_article
from .wirecopy import ParsedCopy, WireCopyError, parse_wire_copy


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool

    @property
    def outcome(self) -> str:
        return "created" if self.created else "duplicate"


def parse_copy(text: str) -> ParsedCopy:
    """Parse wire copy, turning a parse failure into an IngestError."""
    try:
        return parse_wire_copy(text)
    except WireCopyError as exc:
        raise IngestError(exc.problems) from None


def fields_from_copy(parsed: ParsedCopy, **overrides) -> dict:
    """Article fields from parsed copy; explicit overrides (e.g. a known source) win."""
    fields = {
        "headline": parsed.headline,
        "body": parsed.body,
        "summary": parsed.summary,
        "byline": parsed.byline or "",
        "dateline": parsed.dateline or "",
        "language": parsed.language,
        "related_stories": [asdict(story) for story in parsed.related],
        "published_at": parsed.published_at or timezone.now(),
        "source": resolve_source(parsed.source_name),
        "section": resolve_section(parsed.section),
    }
    fields.update({name: value for name, value in overrides.items() if value is not None})
    return fields


def ingest_copy(text: str, **overrides) -> IngestResult:
    """Parse, tag and store wire copy; the same copy again returns the stored article."""
    return ingest_fields(fields_from_copy(parse_copy(text), **overrides))


def ingest_fields(fields: dict) -> IngestResult:
    """Store an article unless the same one is stored (same copy, URL, or source id)."""
    existing = find_duplicate(fields)
    if existing is not None:
        return IngestResult(existing, created=False)
    try:
        return IngestResult(services.article_create(**fields), created=True)
    except ArticleConflict:
        # Another writer stored the same article between our look-up and our insert.
        existing = find_duplicate(fields)
        if existing is None:
            raise
        return IngestResult(existing, created=False)


def find_duplicate(fields: dict) -> Article | None:
    same = Q(content_hash=services.content_hash(fields["headline"], fields["body"]))
    if fields.get("canonical_url"):
        same |= Q(canonical_url=fields["canonical_url"])
    if fields.get("external_id"):
        same |= Q(source=fields.get("source"), external_id=fields["external_id"])
    return Article.objects.filter(same).order_by("pk").first()


def resolve_source(name: str | None) -> Source | None:
    """The source with this name, created as a news agency the first time it is seen."""
    return _named(Source, name, {"kind": SourceKind.AGENCY})


def resolve_section(name: str | None) -> Section | None:
    return _named(Section, name)


def _named(model, name, defaults=None):
    """The row whose slug is the name's, created when missing; one query when it exists."""
    slug = slugify(name or "")[:100]
    if not slug:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is not None:
        return found
    with transaction.atomic():  # a concurrent creator may win; get_or_create then reads its row
        created, _ = model.objects.get_or_create(
            slug=slug, defaults={"name": name[:100], **(defaults or {})}
        )
    return created


def tag_parsed(parsed: ParsedCopy) -> list[RegionTag]:
    return tag_article(headline=parsed.headline, body=parsed.body, dateline=parsed.dateline)


def preview_copy(text: str) -> dict:
    """What `ingest_copy` would store, with where each part came from; stores nothing."""
    parsed = parse_copy(text)
    fields = asdict(parsed)
    fields["summary"] = parsed.summary
    fields["spans"] = [
        {"field": field, "start": start, "end": end} for field, (start, end) in parsed.spans.items()
    ]
    fields["regions"] = tag_parsed(parsed)
    return fields
