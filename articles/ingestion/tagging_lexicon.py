"""The tagger's lexicon: every surface form of every place, in one Aho-Corasick automaton.

Text and patterns are normalised the same way, character for character (lower case,
anything but a letter or digit becomes a space), so offsets in the normalised text are
offsets in the original. Patterns are padded with a space on each side and the text is
too, which makes every automaton hit a whole-word hit: the word-boundary check is done by
the automaton itself, in the same single pass.

Besides the gazetteer's places, the lexicon knows the regions named in curated.yaml
(counties, provinces, islands, seats of government) and the US counties of GeoNames,
each read as the place it lies in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from articles.ingestion.gazetteer import Gazetteer, Place, load_gazetteer
from articles.ingestion.gazetteer_cities import city_name_populations
from articles.ingestion.gazetteer_sources import (
    ascii_fold,
    curated,
    neighbours,
    paused_gc,
    us_counties,
)
from articles.ingestion.tagging_surfaces import Candidate, Surface, finish, place_prior

__all__ = ["Candidate", "Lexicon", "Surface", "load_lexicon", "normalize"]

# City alternate names are matched only for cities this large: below it GeoNames'
# alternates are mostly other languages' spellings, and many are English words.
ALT_NAME_MIN_POPULATION = 500_000
# A region named inside a country ("Kent", "Xinjiang") ranks below a state and above
# all but the largest cities: "Norfolk" is English unless Virginia is in the story.
_WITHIN_PRIOR = 7.0
# "Suffolk County" is American style; the English county of that name is a weaker reading
# of the same words that context (other English places) can still pick.
_COUNTY_NAMESAKE_PRIOR = 6.5
_PHRASE_PRIOR = 20.0

# normalize() maps ASCII through one byte table (letters lower-cased, digits kept, the
# rest blanked); encoding with "replace" keeps one byte per character, so offsets hold.
_ASCII_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_WORD = re.compile(r"[\W_]")


def normalize(text: str) -> str:
    """Lower-case `text` and blank out everything that is not a letter or digit,
    keeping its length (so offsets carry over)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    if len(text.encode("utf-8")) > 1.5 * len(text):  # mostly another script: one go
        return _normalize_run(text)
    out = text.encode("ascii", "replace").translate(_ASCII_TABLE).decode("ascii")
    parts: list[str] = []
    pos = 0
    for match in _NON_ASCII.finditer(text):  # curly quotes, dashes, accented letters
        run = match.group()
        parts += (
            out[pos : match.start()],
            _normalize_short_run(run) if len(run) < 8 else _normalize_run(run),
        )
        pos = match.end()
    parts.append(out[pos:])
    return "".join(parts)


@functools.lru_cache(maxsize=1024)
def _normalize_short_run(run: str) -> str:
    """Short runs repeat from article to article (quotes, dashes, "é"): remembered."""
    return _normalize_run(run)


def _normalize_run(run: str) -> str:
    lowered = run.lower()
    if len(lowered) != len(run):  # a few characters (e.g. "İ") lower-case to two
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in run)
    return _NON_WORD.sub(" ", lowered)


@dataclass
class Lexicon:
    """Surfaces and the automaton that finds them."""

    surfaces: list[Surface]
    automaton: ahocorasick.Automaton
    gazetteer: Gazetteer
    words: dict[str, frozenset[str]]
    neighbours: dict[str, frozenset[str]]
    index: dict[str, int] = field(default_factory=dict)
    _country_keys: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.index = {surface.norm: i for i, surface in enumerate(self.surfaces)}

    def country_key(self, key: str) -> str | None:
        """Key of the country or territory a place lies in, remembered per key."""
        try:
            return self._country_keys[key]
        except KeyError:
            found = self._country_keys[key] = self.gazetteer.country_key_of(key)
            return found

    def is_place_word(self, word: str) -> bool:
        """True when the word, as written, is a surface form of some place."""
        return normalize(word).strip() in self.index


@functools.cache
def load_lexicon() -> Lexicon:
    """Build the lexicon and its automaton once per process."""
    gazetteer = load_gazetteer()
    with paused_gc():
        words = {name: frozenset(values) for name, values in curated()["words"].items()}
        table: dict[str, Surface] = {}
        for form, candidate in _entries(gazetteer):
            _surface(table, form).add(form, candidate)
        for form, candidate in [*_regions_within(), *_counties()]:
            _surface(table, form).add(form, candidate)
        for phrase in curated()["phrases"]:
            surface = _surface(table, phrase["text"])
            surface.is_phrase = True
            key = phrase.get("key")
            surface.add(phrase["text"], Candidate(key, "phrase", _PHRASE_PRIOR) if key else None)
        _mark_short_forms(table)
        surfaces = [s for s in table.values() if s.norm]
        finish(surfaces, gazetteer, words, city_name_populations())
        return Lexicon(surfaces, _automaton(surfaces), gazetteer, words, neighbours())


def _surface(table: dict[str, Surface], form: str) -> Surface:
    norm = normalize(form).strip()
    if norm not in table:
        table[norm] = Surface(norm)
    return table[norm]


def _entries(gazetteer: Gazetteer) -> Iterable[tuple[str, Candidate]]:
    """(form, candidate) for every name, usable alternative name and demonym."""
    capitals = gazetteer.capitals
    for place in gazetteer.places.values():
        for via, form in _forms(place):
            yield form, Candidate(place.key, via, place_prior(place, via, capitals))
        for demonym in gazetteer.demonyms.get(place.key, ()):
            prior = place_prior(place, "demonym", capitals)
            yield demonym, Candidate(place.key, "demonym", prior)


def _regions_within() -> Iterable[tuple[str, Candidate]]:
    """Counties, provinces and islands named in curated.yaml, each read as its parent,
    and the demonyms of such regions and of cities ("Sicilian", "Muscovite")."""
    for key, names in curated()["demonyms_within"].items():
        for name in names:
            yield name, Candidate(key, "demonym", _WITHIN_PRIOR)
            if not name.endswith(("ese", "sh", "ch", "s")):
                yield name + "s", Candidate(key, "demonym", _WITHIN_PRIOR)
    for key, names in curated()["regions_within"].items():
        for name in names:
            forms = [name, ascii_fold(name)]
            if name.startswith("County "):
                forms += [f"Co {name[7:]}", f"Co. {name[7:]}"]
            for form in dict.fromkeys(forms):
                yield form, Candidate(key, "within", _WITHIN_PRIOR)


def _counties() -> Iterable[tuple[str, Candidate]]:
    """US counties and parishes ("Cuyahoga County"), read as their state, or as the US
    when several states have a county of that name ("Washington County").

    A county named like a region abroad ("Essex County", "Wexford County") may also be
    that region, a weaker reading that context can pick; "Essex County Council" and
    "Kent County Cricket Club" are British usage and always that region."""
    namesakes = _regions_abroad()
    for name, states in us_counties().items():
        key = f"admin_area:US-{next(iter(states))}" if len(states) == 1 else "country:US"
        base = name.rsplit(" ", 1)[0]
        for form in dict.fromkeys([name, ascii_fold(name)]):
            yield form, Candidate(key, "within", _WITHIN_PRIOR)
            if base in namesakes:
                yield form, Candidate(namesakes[base], "within", _COUNTY_NAMESAKE_PRIOR)
        if base in namesakes and name.endswith(" County"):
            for body in curated()["words"]["county_bodies_abroad"]:
                yield f"{name} {body}", Candidate(namesakes[base], "phrase", _PHRASE_PRIOR)


def _regions_abroad() -> dict[str, str]:
    """Curated regions outside the US by bare name ("Essex", "Wexford" for "County
    Wexford") -> the key they are read as."""
    return {
        name.removeprefix("County "): key
        for key, names in curated()["regions_within"].items()
        for name in names
        if key != "country:US"
    }


def _mark_short_forms(table: dict[str, Surface]) -> None:
    """Note on each county surface its bare name ("suffolk" for "Suffolk County"): a
    story that names the county may go on to call it by that name alone."""
    for name in us_counties():
        surface = table.get(normalize(name).strip())
        if surface is not None:
            surface.short_form = normalize(name.rsplit(" ", 1)[0]).strip()


def _forms(place: Place) -> Iterable[tuple[str, str]]:
    names = [place.name, ascii_fold(place.name)]
    if place.kind != "city":
        names += list(place.alternative_names)
    for name in names:
        yield "name", name
        if name.startswith("Saint "):
            yield "name", "St " + name[6:]
            yield "name", "St. " + name[6:]
    if place.kind == "city" and (place.population or 0) >= ALT_NAME_MIN_POPULATION:
        own_words = set(place.name.split())
        for alt in place.alternative_names:
            # "Garden City" for Singapore is a nickname; keep several-word alternates only
            # when they share a word with the name ("New York" for New York City).
            if " " not in alt or own_words & set(alt.split()):
                yield "alt", alt


def _automaton(surfaces: list[Surface]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for index, surface in enumerate(surfaces):
        automaton.add_word(f" {surface.norm} ", index)
    automaton.make_automaton()
    return automaton
