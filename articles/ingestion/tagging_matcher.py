"""Find place-name hits in one field of text: one automaton pass, case checks, longest wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from articles.ingestion.tagging_lexicon import Lexicon, normalize
from articles.ingestion.tagging_surfaces import Surface

Role = Literal["dateline", "headline", "body"]

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’.-]*")
_WORD_CHARS = re.compile(r"[\w'’.-]+")
_TRAILING_WORD = re.compile(r"[\w'’.-]+\Z")
_SENTENCE_END = set('.!?:;"“”«»()[]|•*#>\n')
_ABBREVIATION_END = re.compile(r"\b[A-Z]\.$|\b(?:Mr|Mrs|Ms|Dr|St)\.$")


@dataclass(frozen=True)
class Field:
    """One field of an article with what the rules need to know about its style."""

    role: Role
    text: str
    title_case: bool
    shouting: bool = False


@dataclass(eq=False, slots=True)
class Hit:
    """A surface form found in a field, with offsets into that field's text.

    The words on either side are looked up once and kept: several rules read them.
    """

    field: Field
    start: int
    end: int
    surface: Surface
    _before: tuple[str, int] | None = None
    _after: str | None = None

    @property
    def text(self) -> str:
        return self.field.text[self.start : self.end]

    @property
    def before(self) -> tuple[str, int]:
        """previous_word() of the hit."""
        if self._before is None:
            self._before = previous_word(self.field.text, self.start)
        return self._before

    @property
    def after(self) -> str:
        """next_word() of the hit."""
        if self._after is None:
            self._after = next_word(self.field.text, self.end)
        return self._after


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
    surfaces = lexicon.surfaces
    hits = []
    for last, index in lexicon.automaton.iter(f" {normalize(text)} "):
        surface = surfaces[index]
        start = last - surface.length
        if surface.exact:
            end = _exact_end(text, start, surface)
        elif text[start].isupper():  # most lower-case hits ("man", "us") stop here
            end = _case_checked_end(field, start, start + surface.length - 1, surface)
        else:
            continue
        if end is not None:
            hits.append(Hit(field, start, end, surface))
    return _longest(hits)


def _exact_end(text: str, start: int, surface: Surface) -> int | None:
    """Abbreviations and acronyms ("U.S.", "UK", "Calif.") must be written exactly."""
    for form in surface.exact_forms:
        if text.startswith(form, start):
            return start + len(form)
    return None


def _case_checked_end(field: Field, start: int, end: int, surface: Surface) -> int | None:
    """The hit's end if its capitalisation fits the name, else None.

    Names need their capitals ("New York", not "new york"). A name in capitals ("KOBE",
    "SANA") is mostly an acronym or shouting, so it counts only in a dateline or a run
    of capitals.
    """
    text = field.text
    span = text[start:end]
    if span.isupper() and len(span) > 1:
        return end if _capitals_expected(field, start, end) else None
    for i in surface.upper_positions:
        if not span[i].isupper():
            return None
    return end


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
    # Usually the word runs back to the previous space; else fall back to the search.
    space = text.rfind(" ", max(0, start - 42), start - 1)
    at = space + 1
    if (space >= 0 or start <= 42) and _WORD_CHARS.fullmatch(text, at, start - 1):
        return text[at : start - 1], at
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
    low = max(0, start - 40)  # enough to see an abbreviation; never the whole text
    head = text[low:start].rstrip(" \t")
    if low and len(head) < 6:
        head = text[:start].rstrip(" \t")
    if not head or head[-1] in _SENTENCE_END or head.endswith(("—", " -", "–")):
        return True
    return head[-1] == "." and not _ABBREVIATION_END.search(head)
