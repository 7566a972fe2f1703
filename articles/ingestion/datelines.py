"""Datelines, bylines and header dates of news wire copy.

A dateline opens the first paragraph of a wire story and names the place the
story was filed from, often with the agency that filed it::

    MOSCOW (Sputnik) - ...             WASHINGTON (AP) — ...
    LONDON, March 3 (Reuters) - ...    BEIJING, Nov. 2 (Xinhua) -- ...
    KYIV, Ukraine (AP) — ...           NEW YORK — ...
    TOKYO: ...                         MOSCOW, October 5. /TASS/. ...
    (Reuters) - ...

Everything here works on a single line of text and reports positions inside
that line, so callers can map them back onto the original input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"


def _word_set(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


# Caps words that open paragraphs with a colon but are not places.
NOT_PLACES = _word_set(
    "UPDATE UPDATED CORRECTION CORRECTED EXCLUSIVE BREAKING NOTE WARNING ANALYSIS",
    "FACTBOX EXPLAINER URGENT FLASH ALERT BULLETIN ADVISORY EDITOR'S EDITORS WATCH",
    "LIVE VIDEO PHOTO PHOTOS OPINION COMMENT QUOTE",
)
# Words kept lower-case inside a place name: "Rio de Janeiro", "Aix-en-Provence".
PARTICLES = _word_set(
    "de da do dos das del della delle di du des la le les los las van von der den",
    "am im an es y of the upon on sur en sous al el",
)
_APOSTROPHES = "'\u2019"

# Dashes after a dateline: "--", any Unicode dash, or a hyphen followed by a space.
_DASH = r"(?:--|[\u2010-\u2015]|-(?=\s))"
_SEP = re.compile(rf"\s*(?:\((?P<src>[^()\n]{{1,40}})\))?\s*(?P<sep>{_DASH}|:(?=\s))\s*")
_TASS = re.compile(r"\.?\s*/(?P<src>[^\W\d_][^/\n]{0,30})/\.?\s+")
_LEAD_SOURCE = re.compile(rf"\((?P<src>[^()\n]{{1,40}})\)\s*{_DASH}\s*")
_DATE_PART = re.compile(
    rf"(?i)^(?:{_WEEKDAY}\s*)?(?:{_MONTH}\s*\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|\d{{4}})$"
)
_PLACE_CHARS = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .'\u2019\u2011-])*$")
_BYLINE = re.compile(r"(?i)^by[\s:]+(?P<names>[^\W\d_].{1,118})$")


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a paragraph; positions index that paragraph."""

    written: str | None  # the place as written, e.g. "KYIV, Ukraine"
    place: str | None  # normalised place name, e.g. "Kyiv"
    source: str | None  # the agency, e.g. "AP"
    span: tuple[int, int] | None  # where `written` sits in the paragraph
    body_start: int  # where the story text starts after the dateline


def split_dateline(paragraph: str) -> Dateline | None:
    """Find a dateline at the start of `paragraph`, or None."""
    lead = _LEAD_SOURCE.match(paragraph)
    if lead and paragraph[lead.end() :].strip():
        return Dateline(None, None, lead["src"].strip(), None, lead.end())
    for pattern in (_TASS, _SEP):
        for found in pattern.finditer(paragraph, 0, 120):
            dateline = _dateline_from(paragraph, found)
            if dateline:
                return dateline
    return None


def _dateline_from(paragraph: str, found: re.Match[str]) -> Dateline | None:
    head, source = paragraph[: found.start()], found["src"]
    if not paragraph[found.end() :].strip() or not head:
        return None
    if found.groupdict().get("sep") == ":" and head.split(",")[0].strip() in NOT_PLACES:
        return None
    written = _written_place(head, title_case_ok=source is not None)
    if written is None:
        return None
    place = normalise_place(written.split(",")[0].strip())
    source = source.strip() if source else None
    return Dateline(written, place, source, (0, len(written)), found.end())


def _written_place(head: str, *, title_case_ok: bool) -> str | None:
    """The place part of a dateline head ("LONDON, March 3" -> "LONDON"), or None."""
    parts = head.split(",")
    if len(head) > 100 or len(head.split()) > 12 or parts[0] != parts[0].lstrip():
        return None
    if not _is_place(parts[0].strip(), title_case_ok=title_case_ok):
        return None
    kept = [parts[0]]
    for part in parts[1:]:
        if _DATE_PART.match(part.strip().rstrip(".")):
            break
        if not _is_qualifier(part.strip()):
            return None
        kept.append(part)
    return ",".join(kept).rstrip()


def _is_place(text: str, *, title_case_ok: bool) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or not _PLACE_CHARS.match(text):
        return False
    if sum(ch.isalpha() for ch in text) < 3:
        return False
    if not any(ch.islower() for ch in text):
        return True
    # Some outlets write "Moscow (Sputnik) -"; accept that only next to an agency.
    return title_case_ok and all(w[0].isupper() or w.lower() in PARTICLES for w in words)


def _is_qualifier(text: str) -> bool:
    """A region after the place: "Ukraine", "Costa Rica", "Calif.", "D.C."."""
    words = text.split()
    return 1 <= len(words) <= 4 and len(text) <= 40 and text[:1].isupper()


def normalise_place(place: str) -> str:
    """Title-case an all-caps place name, keeping particles such as "de" or "al-" low."""
    if any(ch.islower() for ch in place):
        return place
    words = place.split()
    return " ".join(_title_word(word, first=i == 0) for i, word in enumerate(words))


def _title_word(word: str, *, first: bool) -> str:
    pieces = word.split("-")
    titled = [_title_piece(p, first=first and i == 0) for i, p in enumerate(pieces)]
    return "-".join(titled)


def _title_piece(piece: str, *, first: bool) -> str:
    lower = piece.lower()
    if not first and lower in PARTICLES:
        return lower
    for apostrophe in _APOSTROPHES:
        head, mark, tail = lower.partition(apostrophe)
        if mark and len(head) == 1:  # N'Djamena, L'Aquila
            return head.upper() + mark + _capital(tail)
    return _capital(lower)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def split_byline(line: str) -> tuple[int, int] | None:
    """Where the names sit in a "By Jane Roe" line, or None if it is not a byline."""
    found = _BYLINE.match(line)
    if not found or line.endswith((".", "!", "?")) or len(line.split()) > 16:
        return None
    names = found["names"].rstrip()
    return found.start("names"), found.start("names") + len(names)


# --- header dates ---------------------------------------------------------------

_LABEL = (
    r"(?:(?:(?:first|last)\s+)?(?:published|posted|updated|filed)|dated?)"
    r"(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*"
)
_ZONE = r"\s*\(?(?P<zone>Z|UTC|GMT|[A-Z]{3,4})?(?P<off>[+-]\d{1,2}(?::?\d{2})?)?\)?"
_CLOCK = (
    r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?::(?P<ss>\d{2}))?(?:\.\d+)?"
    rf"\s*(?P<ampm>[ap]\.?m\.?)?{_ZONE}"
)
_TIME = rf"(?:,?\s*(?:at\s+)?{_CLOCK})?"
_DAY = rf"(?:{_WEEKDAY}\s*)?"
_FORMS = (
    rf"(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ]{_CLOCK})?",  # 2024-03-05T14:30Z
    rf"{_DAY}(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH}),?\s+(?P<y>\d{{4}}){_TIME}",  # 5 March 2024
    rf"{_DAY}(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}}){_TIME}",  # March 5, 2024
    rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}){_TIME}",  # 05.03.2024
)
_DATE_LINES = [re.compile(rf"(?i)^(?:{_LABEL})?{form}\s*$") for form in _FORMS]

# A few zone names common in wire copy (hours from UTC); any other name reads as UTC.
ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
         "MSK": 3, "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "EST": -5,
         "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}  # fmt: skip


def parse_header_date(line: str) -> datetime | None:
    """A datetime from a header line such as "Published: 5 March 2024, 14:30 GMT".

    The result is always timezone-aware. A line that names no zone or offset, or
    only a zone name missing from ZONES, is read as UTC.
    """
    for pattern in _DATE_LINES:
        found = pattern.match(line.strip())
        if found:
            try:
                return _datetime_from(found.groupdict())
            except (ValueError, OverflowError):  # 31 February, 25:00 and the like
                return None
    return None


def _datetime_from(parts: dict[str, str | None]) -> datetime:
    month = int(parts["m"]) if parts.get("m") else MONTHS[parts["mon"].lower()[:3]]
    minute, second = int(parts.get("mm") or 0), int(parts.get("ss") or 0)
    stamp = datetime(int(parts["y"]), month, int(parts["d"]), _hour(parts), minute, second)
    return stamp.replace(tzinfo=_zone(parts.get("zone"), parts.get("off")))


def _hour(parts: dict[str, str | None]) -> int:
    hour, ampm = int(parts.get("hh") or 0), (parts.get("ampm") or "").lower()
    if ampm and not 1 <= hour <= 12:
        raise ValueError("not a 12-hour clock time")
    return hour % 12 + (12 if ampm.startswith("p") else 0) if ampm else hour


def _zone(name: str | None, offset: str | None) -> timezone:
    # Copy without a usable zone is read as UTC rather than left naive, so that
    # every date compares and stores alike. An offset after an unknown zone name
    # is ignored too: it is relative to that zone, whose own offset is unknown.
    if (name and name.upper() not in ZONES) or not (name or offset):
        return UTC
    total = timedelta(hours=ZONES[name.upper()] if name else 0)
    if offset:
        sign, digits = (-1 if offset[0] == "-" else 1), offset[1:].replace(":", "")
        hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
        total += sign * timedelta(hours=int(hours), minutes=int(minutes))
    return UTC if not total else timezone(total)
