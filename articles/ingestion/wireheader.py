"""The header of wire copy: section label, headline, byline and date lines.

The header is the run of lines before the first paragraph: an optional section
label, then the headline, then an optional byline. Page crumbs and one date line
may sit anywhere among them. The first line that fits none of these starts the
body.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime

from articles.ingestion import datelines, wireblocks
from articles.ingestion.wirelines import Line


@dataclass
class Header:
    """The header lines found so far; a field is None until its line is seen."""

    section: Line | None = None
    headline: Line | None = None
    byline: tuple[Line, tuple[int, int]] | None = None  # the line and where the names sit
    published: tuple[Line, datetime] | None = None

    def byline_text(self) -> str | None:
        """The byline's names without the "By" prefix."""
        if self.byline is None:
            return None
        line, (begin, end) = self.byline
        return line.text[begin:end]

    def spans(self) -> dict[str, tuple[int, int]]:
        """Input spans of the header fields that were found (a headline always is)."""
        spans = {"headline": self.headline.span()}
        if self.section:
            spans["section"] = self.section.span()
        if self.byline:
            spans["byline"] = self.byline[0].span(*self.byline[1])
        if self.published:
            spans["published_at"] = self.published[0].span()
        return spans


def read_header(lines: list[Line]) -> tuple[Header, int]:
    """Section, headline, byline and date lines; returns where the body starts."""
    head, i = Header(), 0
    while i < len(lines) and _header_step(lines, i, head):
        i += 1
    return head, i


def _header_step(lines: list[Line], i: int, head: Header) -> bool:
    """Take lines[i] into `head`; False when it belongs to the body instead."""
    text = lines[i].text
    if wireblocks.is_crumb(text):
        return True
    # Only the first date line counts; a second one is left to the body.
    stamp = datelines.parse_header_date(text) if head.published is None else None
    if stamp:
        head.published = lines[i], stamp
        return True
    if head.headline is None:
        return _take_title(lines, i, head)
    names = datelines.split_byline(text) if head.byline is None else None
    if names:
        head.byline = lines[i], names
    return names is not None


def _take_title(lines: list[Line], i: int, head: Header) -> bool:
    text = lines[i].text
    # A short line is the section label only when a headline follows it; otherwise
    # it is a short headline ("Markets Rally").
    if head.section is None and wireblocks.is_label(text) and _next_is_headline(lines, i):
        head.section = lines[i]
    elif wireblocks.is_headline(text):
        head.headline = lines[i]
    return head.headline is lines[i] or head.section is lines[i]


def _next_is_headline(lines: list[Line], i: int) -> bool:
    rest = (line.text for line in lines[i + 1 :])
    following = next(itertools.dropwhile(wireblocks.is_crumb, rest), None)
    return following is not None and wireblocks.headline_like(following)
