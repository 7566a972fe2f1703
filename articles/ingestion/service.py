"""The one way in: raw copy or structured fields become stored, tagged articles.

Every path (the HTTP endpoints, bulk batches, `import_articles`, feeds) calls these, so
each gets the same parsing, tagging, deduplication and errors. One article is a batch of
one: `ingest_many` resolves the sources and sections named, finds the duplicates and
stores the new articles in a fixed number of queries, whatever the batch size.
"""

from dataclasses import asdict, dataclass, field

from django.db import DatabaseError, IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles import services
from articles.errors import ArticleConflict, IngestError
from articles.freshness import mark_changed
from articles.models import Article, Section, Source, SourceKind

from .tagging import RegionTag, tag_article
from .wirecopy import ParsedCopy, WireCopyError, parse_wire_copy

WARM_UP_COPY = (
    "World\n\nTalks Resume in Yerevan\n\nYEREVAN (Reuters) - Armenian and Azerbaijani "
    "delegations met in Yerevan on Monday to resume talks on their border.\n"
)
# The models named in copy, by the draft field they fill, with what a new row is.
NAMED = {"source": (Source, {"kind": SourceKind.AGENCY}), "section": (Section, {})}
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for a detected deadlock
# What a duplicate found in the database is read with: enough to report it.
DUPLICATE_FIELDS = ("id", "headline", "content_hash", "canonical_url", "source", "external_id")


@dataclass(frozen=True)
class IngestResult:
    """What became of one article: created, a duplicate of a stored one, or refused."""

    article: Article | None
    created: bool
    error: ArticleConflict | None = None

    @property
    def outcome(self) -> str:
        if self.error is not None:
            return "error"
        return "created" if self.created else "duplicate"


@dataclass
class Draft:
    """An article's fields before it is stored. The source and section named in the copy
    are looked up (or created) together with the rest of the batch, unless given."""

    fields: dict
    names: dict[str, str] = field(default_factory=dict)  # "source"/"section" -> name


def parse_copy(text: str) -> ParsedCopy:
    """Parse wire copy, turning a parse failure into an IngestError."""
    try:
        return parse_wire_copy(text)
    except WireCopyError as exc:
        raise IngestError(exc.problems) from None


def draft_from_copy(text: str, **overrides) -> Draft:
    """The draft of parsed copy (no database); explicit overrides (e.g. a source) win."""
    parsed = parse_copy(text)
    fields = {
        "headline": parsed.headline,
        "body": parsed.body,
        "summary": parsed.summary,
        "byline": parsed.byline or "",
        "dateline": parsed.dateline or "",
        "language": parsed.language,
        "related_stories": [asdict(story) for story in parsed.related],
        "published_at": parsed.published_at or timezone.now(),
    }
    fields.update({name: value for name, value in overrides.items() if value is not None})
    named = {"source": parsed.source_name, "section": parsed.section}
    return Draft(fields, {key: name for key, name in named.items() if key not in fields})


def ingest_copy(text: str, **overrides) -> IngestResult:
    """Parse, tag and store wire copy; the same copy again returns the stored article."""
    return _alone(draft_from_copy(text, **overrides))


def ingest_fields(fields: dict) -> IngestResult:
    """Store an article unless the same one is stored (same copy, URL, or source id)."""
    return _alone(Draft(fields))


def _alone(draft: Draft) -> IngestResult:
    result = ingest_many([draft])[0]
    if result.error is not None:
        raise result.error
    return result


def ingest_many(drafts: list[Draft]) -> list[IngestResult]:
    """Store each draft unless the same article is stored or comes earlier in the batch
    (same copy, canonical URL, or source and external id); results in the drafts' order.

    The new articles are written together, in one transaction. When a concurrent writer
    stores one of them between our look-up and our insert, the unique constraints refuse
    the insert (or PostgreSQL undoes it, when two batches wait on each other's rows),
    nothing of it is kept, and the drafts are stored one by one instead, each settled
    against what the database now holds.
    """
    if not drafts:
        return []
    _resolve_names(drafts)
    plan, new = _plan([draft.fields for draft in drafts])
    try:
        created = services.articles_create_many(new)
    except DatabaseError as exc:
        if not _lost_a_race(exc):
            raise
        return [_one_by_one(draft.fields) for draft in drafts]
    return [
        IngestResult(created[ref] if isinstance(ref, int) else ref, created=is_new)
        for ref, is_new in plan
    ]


def _lost_a_race(exc: DatabaseError) -> bool:
    """Whether a concurrent writer stored one of the rows first, or two batches waited on
    each other's rows (PostgreSQL then undoes one of them)."""
    return isinstance(exc, IntegrityError) or getattr(exc.__cause__, "sqlstate", "") == DEADLOCK


def _plan(many: list[dict]) -> tuple[list, list[dict]]:
    """The fields to store, and for each item (the stored article it duplicates, or the
    index among those to store of the one it creates or repeats; whether it creates it)."""
    identities = [duplicate_keys(fields) for fields in many]
    stored = stored_duplicates(identities)
    plan, new, claimed = [], [], {}  # claimed: key -> index in `new`
    for fields, keys in zip(many, identities, strict=True):
        found = [stored[key] for key in keys if key in stored]
        earlier = [claimed[key] for key in keys if key in claimed]
        if found:
            plan.append((min(found, key=lambda article: article.pk), False))
        elif earlier:
            plan.append((min(earlier), False))
        else:
            claimed.update(dict.fromkeys(keys, len(new)))
            plan.append((len(new), True))
            new.append(fields)
    return plan, new


def _one_by_one(fields: dict) -> IngestResult:
    existing = find_duplicate(fields)
    if existing is not None:
        return IngestResult(existing, created=False)
    try:
        return IngestResult(services.article_create(**fields), created=True)
    except ArticleConflict as exc:
        # Another writer stored the same article between our look-up and our insert.
        existing = find_duplicate(fields)
        return IngestResult(existing, created=False, error=exc if existing is None else None)


def duplicate_keys(fields: dict) -> list[tuple]:
    """What makes two articles the same: the copy, the canonical URL, the source's id."""
    digest = services.content_hash(fields["headline"], fields["body"])
    source = fields.get("source")
    source_id = source.pk if source else None
    return _keys(digest, fields.get("canonical_url"), source_id, fields.get("external_id"))


def _keys(digest, url, source_id, external_id) -> list[tuple]:
    keys = [("copy", digest)]
    if url:
        keys.append(("url", url))
    if external_id:
        keys.append(("id", source_id, external_id))
    return keys


def stored_duplicates(identities: list[list[tuple]]) -> dict[tuple, Article]:
    """For each of these `duplicate_keys`, the stored article (lowest id) that has it; one
    query."""
    wanted = {key for keys in identities for key in keys}
    same = Q(content_hash__in=[key[1] for key in wanted if key[0] == "copy"])
    same |= Q(canonical_url__in=[key[1] for key in wanted if key[0] == "url"])
    for source in {key[1] for key in wanted if key[0] == "id"}:
        ids = [key[2] for key in wanted if key[0] == "id" and key[1] == source]
        same |= Q(source_id=source, external_id__in=ids)
    found = {}
    for a in Article.objects.filter(same).only(*DUPLICATE_FIELDS).order_by("pk"):
        for key in _keys(a.content_hash, a.canonical_url, a.source_id, a.external_id):
            found.setdefault(key, a)
    return found


def find_duplicate(fields: dict) -> Article | None:
    """The stored article (lowest id) that these fields would duplicate, if any."""
    keys = duplicate_keys(fields)
    stored = stored_duplicates([keys])
    same = [stored[key] for key in keys if key in stored]
    return min(same, key=lambda article: article.pk, default=None)


def _resolve_names(drafts: list[Draft]) -> None:
    """Fill each draft's source and section from the names in its copy, one query each."""
    for key, (model, defaults) in NAMED.items():
        named = [draft for draft in drafts if draft.names.get(key)]
        rows = _named(model, [draft.names[key] for draft in named], defaults)
        for draft in named:
            draft.fields[key] = rows.get(_slug(draft.names[key]))


def resolve_source(name: str | None) -> Source | None:
    """The source with this name, created as a news agency the first time it is seen."""
    model, defaults = NAMED["source"]
    return _named(model, [name], defaults).get(_slug(name))


def _named(model, names, defaults) -> dict:
    """The rows whose slugs are these names', by slug, created when missing."""
    wanted = {}
    for name in names:
        wanted.setdefault(_slug(name), name)
    wanted.pop("", None)
    if not wanted:
        return {}
    found = {row.slug: row for row in model.objects.filter(slug__in=wanted)}
    missing = [
        model(slug=slug, name=name[:100], **defaults)
        for slug, name in sorted(wanted.items())
        if slug not in found
    ]
    if missing:
        # A concurrent writer may create some of them first: skip those, then read all.
        # In slug order, so that two writers never wait for each other's rows.
        model.objects.bulk_create(missing, ignore_conflicts=True)
        found.update(
            {row.slug: row for row in model.objects.filter(slug__in=[r.slug for r in missing])}
        )
        mark_changed()  # bulk inserts send no signals
    return found


def _slug(name: str | None) -> str:
    return slugify(name or "")[:100]


def warm_up() -> None:
    """Build what parsing and tagging load on first use (the gazetteer, the tagger's
    lexicon, the language model), so that no request waits for it. No database."""
    tag_parsed(parse_copy(WARM_UP_COPY))


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
