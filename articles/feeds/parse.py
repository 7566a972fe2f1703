"""RSS and Atom bytes to article fields, refusing hostile XML before anything parses it.

Feeds never need a DTD, so a document with one (or with entity declarations or external
references) is refused outright: that stops billion laughs, quadratic blowup, external
entities and external DTDs before they expand or fetch anything. Only then does
feedparser read the bytes, from memory, so it never opens a URL or a file itself.
"""

import io
import re
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import defusedxml.sax
import feedparser
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from .errors import FeedParseError
from .text import clean, to_line, to_text

__all__ = ["FeedEntry", "FeedParseError", "ParsedFeed", "parse_feed"]

# Declarations in a document the strict check could not parse; NULs are dropped first so
# UTF-16 and UTF-32 spellings are found too.
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)
LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
REFUSALS = {
    DTDForbidden: "a document type declaration (DTD)",
    EntitiesForbidden: "an entity declaration",
    ExternalReferenceForbidden: "an external reference",
}


@dataclass(frozen=True)
class FeedEntry:
    headline: str
    body: str  # plain-text paragraphs separated by blank lines
    summary: str
    canonical_url: str | None
    external_id: str | None
    published_at: datetime  # timezone-aware UTC
    language: str | None
    byline: str


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str | None
    language: str | None
    entries: list[FeedEntry]


def refuse_hostile_xml(data: bytes) -> None:
    """Raise FeedParseError if the document declares anything; parsing builds no tree."""
    try:
        defusedxml.sax.parseString(
            data, xml.sax.ContentHandler(), forbid_dtd=True, forbid_entities=True
        )
    except tuple(REFUSALS) as exc:
        raise FeedParseError(f"feed refused: it has {REFUSALS[type(exc)]}") from None
    except (xml.sax.SAXException, LookupError, ValueError):
        # Not well-formed (an undeclared &nbsp; is common) or in an encoding expat does
        # not know: feedparser's tolerant parser may still read it, if it declares nothing.
        if DECLARATION.search(data.replace(b"\x00", b"")):
            raise FeedParseError("feed refused: it has a DTD or declarations") from None


def parse_feed(data: bytes) -> ParsedFeed:
    refuse_hostile_xml(data)
    document = feedparser.parse(io.BytesIO(data), sanitize_html=True)
    if not document.get("version") and not document.entries:
        raise FeedParseError(f"not an RSS or Atom feed ({document.get('bozo_exception', '')})")
    feed = document.feed
    language = language_tag(feed.get("language"))
    return ParsedFeed(
        title=headline(feed),
        link=http_url(feed.get("link")),
        language=language,
        entries=[make_entry(raw, language) for raw in document.entries],
    )


def make_entry(raw, feed_language: str | None) -> FeedEntry:
    link = http_url(raw.get("link"))
    content = (raw.get("content") or [None])[0]
    summary = detail_text(raw, "summary")
    body = to_text(content["value"], content.get("type")) if content else summary
    return FeedEntry(
        headline=headline(raw),
        body=body,
        # A summary that only repeats the body is left for the service to derive.
        summary="" if summary == body else summary,
        canonical_url=link,
        external_id=clean(raw.get("id") or "") or link,
        published_at=published(raw),
        language=entry_language(raw, content) or feed_language,
        byline=to_line(raw.get("author") or "", "text/plain"),
    )


def detail_text(raw, key: str) -> str:
    detail = raw.get(f"{key}_detail") or {}
    return to_text(raw.get(key) or "", detail.get("type"))


def headline(raw) -> str:
    """The title as one plain line.

    Markup is stripped whatever type the feed declares: RSS does not say whether a title
    is text or HTML, and feeds use both, so a tag in a headline is never shown as one.
    """
    return to_line(raw.get("title") or "", "text/html")


def published(raw) -> datetime:
    """When the entry was published (else updated), in UTC; now if the feed does not say."""
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    try:
        return datetime(*parsed[:6], tzinfo=UTC)  # feedparser normalises to UTC
    except (TypeError, ValueError):
        return datetime.now(UTC)


def entry_language(raw, content) -> str | None:
    for detail in (content, raw.get("title_detail"), raw.get("summary_detail")):
        if detail and (tag := language_tag(detail.get("language"))):
            return tag
    return None


def language_tag(value) -> str | None:
    """A BCP 47-shaped tag, or None: the field is short and searched by exact value."""
    value = (value or "").strip()
    return value if len(value) <= 35 and LANGUAGE.fullmatch(value) else None


def http_url(value) -> str | None:
    """An absolute http(s) URL, or None: `javascript:` and relative links are dropped."""
    value = clean(value or "")
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in {"http", "https"} and parts.netloc else None
