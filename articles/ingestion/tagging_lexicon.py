"""The tagger's lexicon: every surface form of every place, in one Aho-Corasick automaton.

Text and patterns are normalised the same way, character for character (lower case,
anything but a letter or digit becomes a space), so offsets in the normalised text are
offsets in the original. Patterns are padded with a space on each side and the text is
too, which makes every automaton hit a whole-word hit: the word-boundary check is done by
the automaton itself, in the same single pass.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from articles.ingestion.gazetteer import Gazetteer, Place, load_gazetteer
from articles.ingestion.gazetteer_sources import (
    ascii_fold,
    city_name_populations,
    curated,
    neighbours,
)

# City alternate names are matched only for cities this large: below it GeoNames'
# alternates are mostly other languages' spellings, and many are English words.
ALT_NAME_MIN_POPULATION = 500_000
# Cities smaller than this (capitals aside) are "small": a capitalised word before the
# name that is no place makes it a surname ("Marco Rubio", "Lance Garcia"). A small
# city whose name another country's city also bears, or that is matched only by an
# alternate spelling, is "weak": it needs its country named elsewhere in the article
# ("Windsor", "Dundalk", "Salisbury" for Harare).
SMALL_CITY_POPULATION = 1_000_000
SMALL_CAPITAL_POPULATION = 100_000
HOMONYM_SHARE = 0.2

_NON_WORD = re.compile(r"[\W_]")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
# Readings of a name, before context: a country beats a state beats a city; among cities
# the larger (log10 of population) wins. Context adds 1-2 points (disambiguation.py).
_KIND_PRIOR = {"country": 10.0, "territory": 10.0, "continent": 9.0, "subregion": 9.0}
_ADMIN_PRIOR = 8.0
_CAPITAL_BONUS = 0.5
_ALT_PENALTY = 0.5
# A region named inside a country ("Kent", "Xinjiang") ranks below a state and above
# all but the largest cities: "Norfolk" is English unless Virginia is in the story.
_WITHIN_PRIOR = 7.0


def normalize(text: str) -> str:
    """Lower-case `text` and blank out everything that is not a letter or digit,
    keeping its length (so offsets carry over)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. "İ") lower-case to two
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return _NON_WORD.sub(" ", lowered)


@dataclass(frozen=True)
class Candidate:
    """A place a surface form may refer to. `via`: name, alt, demonym or phrase."""

    key: str
    via: str
    prior: float


@dataclass(eq=False)
class Surface:
    """One normalised surface form with the places it may name and its trap flags."""

    norm: str
    forms: set[str] = field(default_factory=set)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    is_phrase: bool = False
    exact: bool = False
    common_word: bool = False
    first_name: bool = False
    surname: bool = False
    small: bool = False
    weak: bool = False
    language: bool = False
    upper_positions: frozenset[int] = frozenset()
    countries: frozenset[str | None] = frozenset()
    lineage: frozenset[str] = frozenset()

    def add(self, form: str, candidate: Candidate | None) -> None:
        self.forms.add(form)
        if candidate is None:
            return
        known = self.candidates.get(candidate.key)
        if known is None or candidate.prior > known.prior:
            self.candidates[candidate.key] = candidate


@dataclass
class Lexicon:
    """Surfaces and the automaton that finds them."""

    surfaces: list[Surface]
    automaton: ahocorasick.Automaton
    gazetteer: Gazetteer
    words: dict[str, frozenset[str]]
    neighbours: dict[str, frozenset[str]]
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {surface.norm: i for i, surface in enumerate(self.surfaces)}


def place_prior(place: Place, via: str, capitals: frozenset[str]) -> float:
    """How likely a bare mention of this form means this place, before any context."""
    if place.kind == "city":
        prior = math.log10(max(place.population or 1, 1))
        prior += _CAPITAL_BONUS if place.key in capitals else 0.0
    else:
        prior = _KIND_PRIOR.get(place.kind, _ADMIN_PRIOR)
    return prior - (_ALT_PENALTY if via == "alt" else 0.0)


@functools.cache
def load_lexicon() -> Lexicon:
    """Build the lexicon and its automaton once per process."""
    gazetteer = load_gazetteer()
    words = {name: frozenset(values) for name, values in curated()["words"].items()}
    table: dict[str, Surface] = {}
    for form, candidate in _entries(gazetteer):
        _surface(table, form).add(form, candidate)
    for form, candidate in _regions_within():
        _surface(table, form).add(form, candidate)
    for phrase in curated()["phrases"]:
        surface = _surface(table, phrase["text"])
        surface.is_phrase = True
        key = phrase.get("key")
        surface.add(phrase["text"], Candidate(key, "phrase", 20.0) if key else None)
    surfaces = [s for s in table.values() if s.norm]
    homonyms = city_name_populations()
    for surface in surfaces:
        _prune(surface, gazetteer)
        _flag(surface, words, gazetteer)
        _flag_size(surface, gazetteer, homonyms)
        _add_lineage(surface, gazetteer)
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


def _prune(surface: Surface, gazetteer: Gazetteer) -> None:
    """Drop readings that a stronger reading of the same form makes implausible.

    A country's or an admin area's name is not also a foreign city's ("Armenia" is a
    Colombian city too); an alternate spelling yields to anyone's primary name; of
    several cities sharing an alternate spelling only the largest is kept.
    """
    cands = list(surface.candidates.values())
    higher = {gazetteer.country_of(c.key) for c in cands if not c.key.startswith("city:")} - {None}
    if higher:
        cands = [
            c
            for c in cands
            if not c.key.startswith("city:") or gazetteer.country_of(c.key) in higher
        ]
    primary = max((c.prior for c in cands if c.via != "alt"), default=None)
    alts = sorted((c for c in cands if c.via == "alt"), key=lambda c: -c.prior)[:1]
    if primary is not None:
        alts = [c for c in alts if c.prior > primary]
    cands = [c for c in cands if c.via != "alt"] + alts
    surface.candidates = {c.key: c for c in cands}


def _flag(surface: Surface, words: dict[str, frozenset[str]], gazetteer: Gazetteer) -> None:
    forms = sorted(surface.forms)
    surface.exact = any("." in f or _ACRONYM.match(f) for f in forms)
    surface.common_word = any(f in words["common_word_places"] for f in forms)
    surface.first_name = any(
        f in words["first_name_places"] or f in words["first_names"] for f in forms
    )
    surface.surname = any(f in words["surname_places"] for f in forms)
    surface.language = any(f in words["language_demonyms"] for f in forms)
    masks = [frozenset(i for i, ch in enumerate(f) if ch.isupper()) for f in forms]
    surface.upper_positions = frozenset.intersection(*masks) if masks else frozenset()


def _add_lineage(surface: Surface, gazetteer: Gazetteer) -> None:
    """The countries the surface may name, and its candidates with all their ancestors."""
    surface.countries = frozenset(gazetteer.country_of(key) for key in surface.candidates)
    surface.lineage = frozenset(
        key
        for cand in surface.candidates
        for key in [cand, *(p.key for p in gazetteer.ancestors(cand))]
    )


def _flag_size(surface: Surface, gazetteer: Gazetteer, homonyms: dict[str, dict[str, int]]) -> None:
    if surface.is_phrase or not surface.candidates:
        return
    places = [gazetteer.places[key] for key in surface.candidates]
    surface.small = all(_is_small(place, gazetteer) for place in places)
    only_alt = all(c.via == "alt" for c in surface.candidates.values())
    if not surface.small:
        surface.weak = only_alt
        return
    shared = any(_shared_abroad(p, homonyms) for p in places)
    small_capital = any(p.key in gazetteer.capitals for p in places)
    surface.weak = shared or only_alt or small_capital


def _shared_abroad(place: Place, homonyms: dict[str, dict[str, int]]) -> bool:
    """Another country has a city of the same name at least a fifth as large."""
    others = homonyms.get(ascii_fold(place.name).casefold(), {})
    floor = HOMONYM_SHARE * (place.population or 0)
    return any(pop >= floor for code, pop in others.items() if code != place.country_code)


def _is_small(place: Place, gazetteer: Gazetteer) -> bool:
    if place.kind != "city":
        return False
    limit = SMALL_CAPITAL_POPULATION if place.key in gazetteer.capitals else SMALL_CITY_POPULATION
    return (place.population or 0) < limit


def _automaton(surfaces: list[Surface]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for index, surface in enumerate(surfaces):
        automaton.add_word(f" {surface.norm} ", index)
    automaton.make_automaton()
    return automaton
