"""Importing a feed: every entry goes through the ingestion service, on its own.

Entries are independent: one that is not an article, or that conflicts with a stored
one, is reported and the rest are still stored. Deduplication (same copy, same link,
same guid from the same source) is the ingestion service's, as for every other path.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction

from articles.errors import ArticleConflict, IngestError
from articles.ingestion.service import ingest_fields, resolve_source
from articles.models import Source

from .errors import FeedFetchError
from .fetch import fetch_feed, read_feed_file
from .parse import FeedEntry, ParsedFeed, parse_feed

# Column sizes of Article: longer values would fail on PostgreSQL.
MAX_HEADLINE, MAX_BYLINE, MAX_URL, MAX_EXTERNAL_ID = 500, 300, 1000, 255


@dataclass
class ImportSummary:
    created: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (entry id, reason)
    source: Source | None = None


def import_feed(source: Source | None = None, *, url=None, path=None) -> ImportSummary:
    """Fetch (or read) a feed and ingest its entries for `source`.

    Without a source, the feed's title names one (created the first time). Without a
    URL or path, the source's feed_url is fetched. Raises FeedError if the feed cannot
    be fetched or read; problems with single entries are in the summary instead.
    """
    return ingest_feed(parse_feed(feed_bytes(source, url, path)), source)


def ingest_feed(parsed: ParsedFeed, source: Source | None) -> ImportSummary:
    """Ingest every entry of a parsed feed, each in its own transaction.

    An entry stored before is a duplicate (by guid, link or content hash), so ingesting a
    feed again, in whole or after an interruption, stores each entry once.
    """
    summary = ImportSummary(source=source or resolve_source(parsed.title))
    for number, entry in enumerate(parsed.entries, 1):
        entry_id = entry.external_id or entry.canonical_url or f"entry {number}"
        try:
            with transaction.atomic():
                result = ingest_fields(article_fields(entry, summary.source))
        except (ValueError, ArticleConflict, DataError, IntegrityError) as exc:
            # ValueError includes IngestError (not an article) and values a database refuses.
            summary.failed.append((entry_id, str(exc)))
            continue
        if result.created:
            summary.created += 1
        else:
            summary.duplicates += 1
    return summary


def feed_bytes(source: Source | None, url: str | None, path) -> bytes:
    if url is not None and path is not None:
        raise ValueError("give a feed URL or a file path, not both")
    if path is not None:
        return read_feed_file(path)
    url = url or (source.feed_url if source else "")
    if not url:
        raise FeedFetchError("no feed to import: the source has no feed URL")
    return fetch_feed(url).body


def article_fields(entry: FeedEntry, source: Source | None) -> dict:
    """The fields `ingest_fields` stores; IngestError if the entry is not an article."""
    problems = []
    if not entry.headline:
        problems.append(("headline", "the entry has no title"))
    if not (entry.body or entry.summary):
        problems.append(("body", "the entry has no text"))
    if problems:
        raise IngestError(problems)
    fields = {
        "headline": entry.headline[:MAX_HEADLINE].rstrip(),
        "body": entry.body or entry.summary,
        "summary": entry.summary if entry.body else "",
        "byline": entry.byline[:MAX_BYLINE].rstrip(),
        "canonical_url": entry.canonical_url if len(entry.canonical_url or "") <= MAX_URL else None,
        "external_id": external_id(entry.external_id),
        "published_at": entry.published_at,
        "source": source,
    }
    language = entry.language or (source.language if source else "")
    if language:
        fields["language"] = language
    return fields


def external_id(value: str | None) -> str | None:
    """The guid as given, or a digest of it when too long: it still identifies the entry."""
    if not value or len(value) <= MAX_EXTERNAL_ID:
        return value or None
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()
