"""Surface forms of the lexicon: the places each may name, and the flags the context
rules read. Everything here is worked out once, when the lexicon is built, so that
tagging an article only looks flags up."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from articles.ingestion.gazetteer import Gazetteer, Place
from articles.ingestion.gazetteer_sources import ascii_fold

# Cities smaller than this (capitals aside) are "small": a capitalised word before the
# name that is no place makes it a surname ("Marco Rubio", "Lance Garcia"). A small
# city whose name another country's city also bears, or that is matched only by an
# alternate spelling, is "weak": it needs its country named elsewhere in the article
# ("Windsor", "Dundalk", "Salisbury" for Harare).
SMALL_CITY_POPULATION = 1_000_000
SMALL_CAPITAL_POPULATION = 100_000
# Below this, a city that is no capital is a "town": alone in a story set in another
# country it needs its own country named (disambiguation._stray_town).
TOWN_POPULATION = 100_000
HOMONYM_SHARE = 0.2

_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
# Readings of a name, before context: a country beats a state beats a city; among cities
# the larger (log10 of population) wins. Context adds 1-2 points (disambiguation.py).
_KIND_PRIOR = {"country": 10.0, "territory": 10.0, "continent": 9.0, "subregion": 9.0}
_ADMIN_PRIOR = 8.0
_CAPITAL_BONUS = 0.5
_ALT_PENALTY = 0.5


@dataclass(frozen=True)
class Candidate:
    """A place a surface form may refer to. `via`: name, alt, demonym, within or phrase."""

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
    town: bool = False
    weak: bool = False
    language: bool = False
    short_form: str = ""  # a county's bare name: "suffolk" for "Suffolk County"
    # Derived once the flags above are known (see finish()).
    trap: bool = False
    is_city: bool = False
    multiword: bool = False
    length: int = 0
    exact_forms: tuple[str, ...] = ()
    upper_positions: tuple[int, ...] = ()
    countries: frozenset[str | None] = frozenset()
    home: str | None = None  # the country of the likeliest reading, before context
    lineage: frozenset[str] = frozenset()
    admin_lineage: tuple[str, ...] = ()

    def add(self, form: str, candidate: Candidate | None) -> None:
        self.forms.add(form)
        if candidate is None:
            return
        known = self.candidates.get(candidate.key)
        if known is None or candidate.prior > known.prior:
            self.candidates[candidate.key] = candidate


def place_prior(place: Place, via: str, capitals: frozenset[str]) -> float:
    """How likely a bare mention of this form means this place, before any context."""
    if place.kind == "city":
        prior = math.log10(max(place.population or 1, 1))
        prior += _CAPITAL_BONUS if place.key in capitals else 0.0
    else:
        prior = _KIND_PRIOR.get(place.kind, _ADMIN_PRIOR)
    return prior - (_ALT_PENALTY if via == "alt" else 0.0)


def finish(
    surfaces: list[Surface],
    gazetteer: Gazetteer,
    words: dict[str, frozenset[str]],
    homonyms: dict[str, dict[str, int]],
) -> None:
    """Prune each surface's readings and set every flag the tagger reads."""
    lineages: dict[str, _Lineage] = {}  # shared: many surfaces name one place
    for surface in surfaces:
        if len(surface.candidates) > 1:
            _prune(surface, gazetteer)
            _prefer_capital(surface, gazetteer)
        _flag(surface, words)
        _flag_size(surface, gazetteer, homonyms)
        _add_lineage(surface, gazetteer, lineages)
        surface.trap = surface.common_word or (surface.first_name and surface.small)
        surface.is_city = all(key.startswith("city:") for key in surface.candidates)
        surface.multiword = surface.is_phrase or " " in surface.norm
        surface.length = len(surface.norm) + 1  # the automaton's pattern ends in a space


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


def _prefer_capital(surface: Surface, gazetteer: Gazetteer) -> None:
    """A capital named like a state of its own country ("Washington") is the likelier
    reading: "Washington said" is the government. The state needs its own places named
    ("Seattle", "Spokane") to win, or its full name ("Washington State")."""
    cands = surface.candidates
    for key, cand in list(cands.items()):
        if key not in gazetteer.capitals:
            continue
        country = gazetteer.country_of(key)
        if any(k.startswith("admin_area:") and gazetteer.country_of(k) == country for k in cands):
            cands[key] = replace(cand, prior=_ADMIN_PRIOR + _CAPITAL_BONUS)


def _flag(surface: Surface, words: dict[str, frozenset[str]]) -> None:
    forms = surface.forms
    surface.exact = any("." in f or _ACRONYM.match(f) for f in forms)
    surface.common_word = not forms.isdisjoint(words["common_word_places"])
    surface.first_name = not (
        forms.isdisjoint(words["first_name_places"]) and forms.isdisjoint(words["first_names"])
    )
    surface.surname = not forms.isdisjoint(words["surname_places"])
    surface.language = not forms.isdisjoint(words["language_demonyms"])
    if surface.exact:  # abbreviations are matched as written, the longest form first
        surface.exact_forms = tuple(sorted(forms, key=lambda f: (-len(f), f)))
        return
    masks = [frozenset(i for i, ch in enumerate(f) if ch.isupper()) for f in forms]
    upper = frozenset.intersection(*masks) if masks else frozenset()
    surface.upper_positions = tuple(sorted(upper))


def _add_lineage(surface: Surface, gazetteer: Gazetteer, lineages: dict[str, _Lineage]) -> None:
    """The countries the surface may name, and its candidates with all their ancestors."""
    keys = surface.candidates
    if len(keys) == 1:  # most surfaces: share the place's own sets
        (key,) = keys
        surface.countries, surface.lineage, surface.admin_lineage = _lineage_of(
            key, gazetteer, lineages
        )
        surface.home = gazetteer.country_of(key)
        return
    surface.countries = frozenset(gazetteer.country_of(key) for key in keys)
    if keys:
        likeliest = max(keys.values(), key=lambda c: (c.prior, c.key))
        surface.home = gazetteer.country_of(likeliest.key)
    surface.lineage = frozenset().union(*(_lineage_of(k, gazetteer, lineages)[1] for k in keys))
    surface.admin_lineage = tuple(sorted(k for k in surface.lineage if k.startswith("admin_area:")))


# A place's country (as a set), the place with all its ancestors, and the admin areas
# among them: worked out once per place and shared by every surface that names it.
_Lineage = tuple[frozenset[str | None], frozenset[str], tuple[str, ...]]


def _lineage_of(key: str, gazetteer: Gazetteer, lineages: dict[str, _Lineage]) -> _Lineage:
    found = lineages.get(key)
    if found is None:
        lineage = frozenset([key, *(p.key for p in gazetteer.ancestors(key))])
        admin = tuple(sorted(k for k in lineage if k.startswith("admin_area:")))
        found = lineages[key] = (frozenset([gazetteer.country_of(key)]), lineage, admin)
    return found


def _flag_size(surface: Surface, gazetteer: Gazetteer, homonyms: dict[str, dict[str, int]]) -> None:
    if surface.is_phrase or not surface.candidates:
        return
    places = [gazetteer.places[key] for key in surface.candidates]
    surface.small = all(_is_small(place, gazetteer) for place in places)
    surface.town = all(_is_town(place, gazetteer) for place in places)
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


def _is_town(place: Place, gazetteer: Gazetteer) -> bool:
    if place.kind != "city" or place.key in gazetteer.capitals:
        return False
    return (place.population or 0) < TOWN_POPULATION


def _is_small(place: Place, gazetteer: Gazetteer) -> bool:
    if place.kind != "city":
        return False
    limit = SMALL_CAPITAL_POPULATION if place.key in gazetteer.capitals else SMALL_CITY_POPULATION
    return (place.population or 0) < limit
