"""Find place-name hits in one field of text: one automaton pass, case checks, longest wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from articles.ingestion.tagging_lexicon import Lexicon, Surface, normalize

Role = Literal["dateline", "headline", "body"]

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’.-]*")
_TRAILING_WORD = re.compile(r"[\w'’.-]+\Z")
_SENTENCE_END = set('.!?:;"“”«»()[]|•*#>\n')


@dataclass(frozen=True)
class Field:
    """One field of an article with what the rules need to know about its style."""

    role: Role
    text: str
    title_case: bool
    shouting: bool = False


@dataclass(frozen=True)
class Hit:
    """A surface form found in a field, with offsets into that field's text."""

    field: Field
    start: int
    end: int
    surface: Surface

    @property
    def text(self) -> str:
        return self.field.text[self.start : self.end]


def make_field(role: Role, text: str) -> Field:
    """Wrap a field's text, noting whether it is written in Title Case."""
    if role == "body":  # long; its capitalisation style is judged span by span
        return Field(role, text, False, False)
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and sum(ch.isupper() for ch in letters) > 0.7 * len(letters)
    return Field(role, text, _is_title_case(text), shouting)


def _is_title_case(text: str) -> bool:
    """Most longer words capitalised, as in "Turkey Prices Soar Before Holidays"."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.7


def find_hits(lexicon: Lexicon, field: Field) -> list[Hit]:
    """All acceptable hits in the field, overlapping ones resolved to the longest."""
    text = field.text
    padded = f" {normalize(text)} "
    hits = []
    for last, index in lexicon.automaton.iter(padded):
        surface = lexicon.surfaces[index]
        start = last - len(surface.norm) - 1
        end = _case_checked_end(field, start, start + len(surface.norm), surface)
        if end is not None:
            hits.append(Hit(field, start, end, surface))
    return _longest(hits)


def _case_checked_end(field: Field, start: int, end: int, surface: Surface) -> int | None:
    """The hit's end if its capitalisation fits the name, else None.

    Abbreviations and acronyms ("U.S.", "UK", "Calif.") must be written exactly; other
    names need their capitals ("New York", not "new york"). A name in capitals ("KOBE",
    "SANA") is mostly an acronym or shouting, so it counts only in a dateline or a run
    of capitals.
    """
    text = field.text
    if surface.exact:
        for form in sorted(surface.forms, key=len, reverse=True):
            if text.startswith(form, start):
                return start + len(form)
        return None
    span = text[start:end]
    if not span[:1].isupper():
        return None
    if span.isupper() and len(span) > 1:
        return end if _capitals_expected(field, start, end) else None
    if all(span[i].isupper() for i in surface.upper_positions):
        return end
    return None


def _capitals_expected(field: Field, start: int, end: int) -> bool:
    """A dateline, a dateline-like opening ("MOSCOW (Sputnik) -"), or words in capitals
    on both sides."""
    if field.role == "dateline" or field.shouting:
        return True
    text = field.text
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and text[end : end + 2].strip()[:1] in (
        "(",
        ",",
        "-",
        "—",
        "–",
    ):
        return True
    before = _TRAILING_WORD.search(text, max(0, start - 30), max(0, start - 1))
    after = _WORD.match(text, end + 1)
    return bool(before and after and before.group(0).isupper() and after.group(0).isupper())


def _longest(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits ("Papua New Guinea" over "Guinea"): scanning
    left to right, a hit starting inside the one kept before it is dropped."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
        elif hit.end > kept[-1].end and hit.end - hit.start > kept[-1].end - kept[-1].start:
            kept[-1] = hit  # a longer name that starts inside the kept one
    return kept


def previous_word(text: str, start: int) -> tuple[str, int]:
    """The word just before `start` when one space separates them, and where it starts."""
    if start < 2 or text[start - 1] != " ":
        return "", -1
    match = _TRAILING_WORD.search(text, max(0, start - 41), start - 1)
    if not match:
        return "", -1
    return match.group(0), match.start()


def next_word(text: str, end: int) -> str:
    """The word right after `end` when only one space separates them, else ""."""
    if text[end : end + 1] != " ":
        return ""
    match = _WORD.match(text, end + 1)
    return match.group(0) if match else ""


def is_sentence_start(text: str, start: int) -> bool:
    """True when nothing but punctuation that ends a sentence precedes `start`."""
    head = text[:start].rstrip(" \t")
    if not head or head[-1] in _SENTENCE_END or head.endswith(("—", " -", "–")):
        return True
    return head[-1] == "." and not re.search(r"\b[A-Z]\.$|\b(?:Mr|Mrs|Ms|Dr|St)\.$", head)
