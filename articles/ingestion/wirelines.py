"""Logical lines of wire copy, each able to map its offsets back onto the input.

Copy arrives with any mix of line endings (\\n, \\r\\n, bare \\r and rarer Unicode
separators), stray invisible characters and, from some feeds, paragraphs
hard-wrapped at a fixed width. `read_lines` turns raw text into trimmed,
non-blank `Line`s and `join_wrapped` glues hard-wrapped paragraphs back together.
A `Line` remembers where each of its pieces sits in the input, so every field the
parser extracts can report a span into the text the client sent.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from articles.ingestion import datelines, wireblocks

_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Zero-width characters count as blank, so a BOM or a stray joiner neither makes
# a line non-blank nor ends up at the edge of an extracted field.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
# Wrapped copy fits a terminal; a line wider than this was written as one line.
_MAX_WRAP_WIDTH = 100


def is_blank(ch: str) -> bool:
    return ch.isspace() or ch in _INVISIBLE


@dataclass(frozen=True)
class Line:
    """One logical line of copy and where its pieces sit in the original input."""

    text: str
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in input) per line
    blank_before: bool = False

    def origin(self, index: int) -> int:
        """Map an offset in `text` onto the original input."""
        for local, original in reversed(self.pieces):
            if index >= local:
                return min(original + index - local, self.end)
        return self.start

    def span(self, begin: int = 0, end: int | None = None) -> tuple[int, int]:
        """The input range holding text[begin:end]; empty ranges stay empty."""
        end = len(self.text) if end is None else end
        if end <= begin:
            return self.origin(begin), self.origin(begin)
        # Map the last character, not `end`: in a joined line `end` may sit at the
        # start of the next piece, past the line break and indent between them.
        return self.origin(begin), min(self.origin(end - 1) + 1, self.end)


def read_lines(text: str) -> list[Line]:
    """Non-blank lines, trimmed, for any mix of \\n, \\r\\n and \\r endings."""
    lines, blank, begin = [], False, 0
    for brk in itertools.chain(_BREAK.finditer(text), [None]):
        start, end = _trim(text, begin, brk.start() if brk else len(text))
        if start < end:
            lines.append(Line(text[start:end], start, end, ((0, start),), blank))
        # Blank lines are dropped, but whether one preceded a line is kept: it is
        # how wrapped copy marks where a paragraph really ends.
        blank = start >= end
        begin = brk.end() if brk else len(text)
    return lines


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_blank(text[start]):
        start += 1
    while end > start and is_blank(text[end - 1]):
        end -= 1
    return start, end


def join_wrapped(lines: list[Line]) -> list[Line]:
    """Rejoin paragraphs hard-wrapped at a fixed width (blank-line separated copy)."""
    if not _is_wrapped(lines):
        return lines
    width = max(len(line.text) for line in lines)
    joined: list[Line] = []
    for line in lines:
        # A line filled close to the width was broken by the wrapper, not the writer.
        if joined and _continues(joined[-1], line, width):
            joined[-1] = _merge(joined[-1], line)
        else:
            joined.append(line)
    return joined


def _continues(previous: Line, line: Line, width: int) -> bool:
    # Measure only the last physical line of `previous`: it is the one the wrapper broke.
    if line.blank_before or len(previous.text) - previous.pieces[-1][0] < 0.6 * width:
        return False
    # Crumbs, labels, bylines and datelines stand on their own line even in wrapped copy.
    text = line.text
    standalone = wireblocks.is_crumb(text) or wireblocks.is_label(text)
    standalone = standalone or datelines.split_byline(text)
    return not standalone and datelines.split_dateline(text) is None


def _is_wrapped(lines: list[Line]) -> bool:
    # Wrapped copy: no line is much wider than a terminal, blank lines separate the
    # paragraphs, and long lines break off mid-sentence onto a lower-case next line.
    if not lines or max(len(line.text) for line in lines) > _MAX_WRAP_WIDTH:
        return False
    broken = sum(_breaks_mid_sentence(a, b) for a, b in itertools.pairwise(lines))
    return broken >= 2 and sum(line.blank_before for line in lines) >= 2


def _breaks_mid_sentence(line: Line, following: Line) -> bool:
    if len(line.text) < 50 or following.blank_before or not following.text[0].islower():
        return False
    return line.text.rstrip(wireblocks.CLOSERS)[-1:] not in (".", "!", "?", "\u2026")


def _merge(first: Line, second: Line) -> Line:
    # The break between the two becomes one space; `pieces` keeps both origins.
    offset = len(first.text) + 1
    pieces = first.pieces + tuple((offset + local, orig) for local, orig in second.pieces)
    text = f"{first.text} {second.text}"
    return Line(text, first.start, second.end, pieces, first.blank_before)
