"""Parse raw news wire copy (plain text) into structured fields.

Wire copy usually arrives laid out like this, one item per line::

    World                                  section label (optional)
    Some Headline                          headline
    By Jane Roe                            byline (optional)
    MOSCOW (Sputnik) - First paragraph.    dateline, then the first paragraph
    Sputnik                                standalone attribution line
    More paragraphs.
    World                                  related-story block: a section label
    Another Headline - Cabinet             followed by a headline line
    Background paragraphs.
    Discuss                                page crumb

`parse_wire_copy` returns a `ParsedCopy` or raises `WireCopyError`, nothing else.
Every extracted field keeps a span into the original input, so clients can show
where it came from. A header date is always returned timezone-aware: one that
names no zone or offset is read as UTC.

The work is split by stage: `wirelines` reads the text into logical lines,
`wireblocks` tells what kind of line a line is, `wireheader` and `wirebody` read
the two parts of the copy, and `datelines` handles datelines, bylines and dates.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import datetime

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from articles.ingestion import wireblocks, wirelines
from articles.ingestion.wireblocks import AGENCIES, CRUMBS
from articles.ingestion.wirebody import Body, read_body
from articles.ingestion.wireheader import Header, read_header

__all__ = [
    "AGENCIES",
    "CRUMBS",
    "LANGUAGE_SAMPLE_CHARS",
    "MAX_CHARS",
    "MIN_LANGUAGE_CONFIDENCE",
    "SUMMARY_CHARS",
    "ParsedCopy",
    "RelatedStory",
    "WireCopyError",
    "detect_language",
    "parse_wire_copy",
]

MAX_CHARS = 1_000_000
SUMMARY_CHARS = 300
# Language identification costs time in proportion to the text; a few paragraphs suffice.
LANGUAGE_SAMPLE_CHARS = 1_500
MIN_LANGUAGE_CONFIDENCE = 0.5

_NOISE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ue000-\uf8ff\ufffd]")
_INVALID = re.compile(r"[\x00\ud800-\udfff]")  # NUL bytes and lone surrogates
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*(?=\s)")


class WireCopyError(ValueError):
    """Raised when text is not an article.

    `problems` is a list of (field, reason) tuples, e.g.
    [("headline", "no headline line found")].
    """

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "; ".join(f"{name} {reason}" for name, reason in self.problems)


@dataclass(frozen=True)
class RelatedStory:
    """Another story's headline printed inside the copy ("... - Cabinet")."""

    section: str | None
    headline: str
    source: str | None


@dataclass(frozen=True)
class ParsedCopy:
    """The structured fields of one wire story.

    `published_at` is None when the copy states no date, and otherwise always
    timezone-aware: a header date that names no zone or offset is taken as UTC.

    `spans` maps "headline", "section", "dateline", "byline", "published_at",
    "paragraphs[i]", "attributions[i]" and "related[i]" to (start, end) offsets into
    the original input. A paragraph rejoined from hard-wrapped lines spans all of them.
    """

    headline: str
    section: str | None
    dateline: str | None
    dateline_place: str | None
    source_name: str | None
    byline: str | None
    paragraphs: tuple[str, ...]
    attributions: tuple[str, ...]
    related: tuple[RelatedStory, ...]
    language: str
    published_at: datetime | None
    spans: dict[str, tuple[int, int]]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def summary(self) -> str:
        """The first paragraph, cut to SUMMARY_CHARS at a sentence or word boundary."""
        return _trim_summary(self.paragraphs[0], SUMMARY_CHARS)


def parse_wire_copy(text: str) -> ParsedCopy:
    """Turn plain wire copy into a ParsedCopy; raise WireCopyError if it is not one."""
    _check_text(text)
    lines = wirelines.join_wrapped(wirelines.read_lines(text))
    head, start = read_header(lines)
    body = read_body(lines, start)
    # Report every missing part at once, so a client can fix the copy in one go.
    problems = [("headline", "no headline line found")] if head.headline is None else []
    if not body.paragraphs:
        problems.append(("body", "no body paragraph found"))
    if problems:
        raise WireCopyError(problems)
    return _assemble(head, body)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise WireCopyError([("text", "is not plain text")])
    if len(text) > MAX_CHARS:
        raise WireCopyError([("text", f"is longer than {MAX_CHARS} characters")])
    if all(wirelines.is_blank(ch) for ch in text):
        raise WireCopyError([("text", "is empty")])
    # Decoded binary shows up as NULs, surrogates or a run of control characters.
    if _INVALID.search(text) or len(_NOISE.findall(text)) > len(text) // 50:
        raise WireCopyError([("text", "is not plain text")])


def _assemble(head: Header, body: Body) -> ParsedCopy:
    dateline = body.dateline
    paragraphs = tuple(text for text, _ in body.paragraphs)
    return ParsedCopy(
        headline=head.headline.text,
        section=head.section.text if head.section else None,
        dateline=dateline.written if dateline else None,
        dateline_place=dateline.place if dateline else None,
        source_name=_source_name(head, body),
        byline=head.byline_text(),
        paragraphs=paragraphs,
        attributions=tuple(line.text for line in body.attributions),
        related=tuple(RelatedStory(r.section, r.headline, r.source) for r in body.related),
        language=detect_language(" ".join((head.headline.text, *paragraphs))),
        published_at=head.published[1] if head.published else None,
        spans={**head.spans(), **body.spans()},
    )


def _source_name(head: Header, body: Body) -> str | None:
    """Dateline agency first, then an attribution line, then a byline's agency."""
    if body.dateline and body.dateline.source:
        return body.dateline.source
    names = [line.text for line in body.attributions if not wireblocks.is_credit(line.text)]
    if names:
        return names[0]
    # "By Jane Roe, Associated Press": only a known agency after the last comma, as
    # a byline's tail is as often a job title or a town.
    byline = head.byline_text() or ""
    agency = byline.rpartition(",")[2].strip()
    return agency if "," in byline and agency.casefold() in AGENCIES else None


def _trim_summary(paragraph: str, limit: int) -> str:
    if len(paragraph) <= limit:
        return paragraph
    ends = itertools.takewhile(
        lambda end: end <= limit, (m.end() for m in _SENTENCE_END.finditer(paragraph))
    )
    last_end = max(ends, default=0)
    # A whole sentence reads better, unless it is so short it says almost nothing.
    if last_end >= limit // 5:
        return paragraph[:last_end]
    space = paragraph.rfind(" ", 0, limit)
    return (paragraph[:space] if space > 0 else paragraph[: limit - 1]).rstrip() + "\u2026"


@functools.cache
def _identifier() -> LanguageIdentifier:
    # Loaded once on first use: the model takes about a second to read.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`, or "und" when there is too little to tell."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if len(list(itertools.islice(filter(str.isalpha, sample), 20))) < 20:  # stops at 20
        return "und"
    language, confidence = _identifier().classify(sample)
    if confidence < MIN_LANGUAGE_CONFIDENCE or len(language) != 2:
        return "und"
    return language
