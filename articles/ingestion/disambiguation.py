"""Context rules that decide which hits are places, and which place each one names.

Evidence, in the order it is weighed:
1. Short forms: a bare "Suffolk" in a story that names "Suffolk County" is the county.
2. Not places at all: languages ("in English", "speaks French"), currencies ("US
   dollars"), streets ("Northumberland Avenue") and eras ("300 BC").
3. People: "Michael Jordan", "Denzel Washington", "Paris Hilton", "Mr Chad" are names,
   and so are later bare mentions of the same word in that article.
4. Ordinary words and first names: "Nice", "Reading", "Mobile", "Sydney" need a dateline,
   an apposition ("Mobile, Alabama"), a locative ("in Reading") or their country or
   state named elsewhere in the article.
5. Weak cities (small, and sharing their name with a city abroad or matched by an
   alternate spelling) need their country named elsewhere, a dateline or an
   apposition: a bare "Windsor" or "Salisbury" is too weak. So does a lone town in a
   story set in another country ("Middletown" among Yorkshire places).
6. Ambiguous names ("Georgia", "Birmingham", "Washington") go to the reading whose
   country, state or neighbours the rest of the article names; failing that, to the
   likelier one.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.ingestion.disambiguation_evidence import (
    Anchors,
    anchors_of,
    apposition_after,
    is_trap,
    is_weak,
    not_a_place,
)
from articles.ingestion.tagging_lexicon import Candidate, Lexicon
from articles.ingestion.tagging_matcher import Hit
from articles.ingestion.tagging_people import people_in

# Context weights, on the scale of the priors in tagging_lexicon (log10 of population).
PARENT_WEIGHT = 2.0
COUNTRY_WEIGHT = 1.0
NEIGHBOUR_WEIGHT = 0.3
# A town is taken as a namesake when another country has this many names in the story.
STRAY_TOWN_ANCHORS = 2
_BASE_CONFIDENCE = {"name": 0.9, "phrase": 0.9, "within": 0.85, "demonym": 0.8, "alt": 0.75}


@dataclass(frozen=True)
class Resolved:
    """A hit accepted as a mention of one place."""

    hit: Hit
    key: str
    confidence: float


def resolve(lexicon: Lexicon, hits: list[Hit]) -> list[Resolved]:
    """Decide, for every hit of an article, whether it is a place and which one."""
    _follow_short_forms(hits)
    hits = [h for h in hits if h.surface.candidates and not not_a_place(lexicon, h)]
    people = people_in(lexicon, hits)
    named = {id(p.surface) for p in people}
    places = [h for h in hits if h not in people and not _coreferent(lexicon, h, named)]
    anchors = anchors_of(places)
    # A reading depends on the surface form, the article and (for its confidence) on
    # whether it is the dateline; not on anything else about the occurrence.
    readings: dict[tuple[int, bool], tuple[str, float]] = {}
    out = []
    for hit in places:
        if not _supported(lexicon, hit, anchors):
            continue
        ident = (id(hit.surface), hit.field.role == "dateline")
        reading = readings.get(ident)
        if reading is None:
            candidate, margin = _choose(lexicon, hit, anchors)
            reading = readings[ident] = (candidate.key, _confidence(hit, candidate, margin))
        out.append(Resolved(hit, *reading))
    return out


def _follow_short_forms(hits: list[Hit]) -> None:
    """A bare "Suffolk" in a story that names "Suffolk County" is that county, unless the
    bare name can be a place in the county's own country ("Los Angeles")."""
    counties = {h.surface.short_form: h.surface for h in hits if h.surface.short_form}
    if not counties:
        return
    for hit in hits:
        county = counties.get(hit.surface.norm)
        if county is not None and county.home not in hit.surface.countries:
            hit.surface = county


def _coreferent(lexicon: Lexicon, hit: Hit, named: set[int]) -> bool:
    """A later "Jordan said" after "Michael Jordan": the same person, unless placed."""
    if id(hit.surface) not in named:
        return False
    before, _ = hit.before
    return not (before in lexicon.words["strong_locative_words"] or apposition_after(hit))


# Support ---------------------------------------------------------------------------------


def _supported(lexicon: Lexicon, hit: Hit, anchors: Anchors) -> bool:
    trap, weak = is_trap(hit), is_weak(hit) or _stray_town(hit, anchors)
    if not (trap or weak) or hit.field.role == "dateline" or apposition_after(hit):
        return True
    if _in_compound(hit):
        return False
    named_nearby = any(
        _parent_anchored(lexicon, key, anchors, hit) for key in hit.surface.candidates
    )
    if weak:
        return named_nearby
    return named_nearby or _locative_before(lexicon, hit)


def _stray_town(hit: Hit, anchors: Anchors) -> bool:
    """A town ("Middletown", "Davis") in a story set in another country: town names
    recur from one country to the next, so one alone, in a story that names another
    country twice and never its own, is more likely a namesake or a person."""
    surface = hit.surface
    if not surface.town or anchors.country(surface.home, hit):
        return False
    return anchors.elsewhere(surface.home) >= STRAY_TOWN_ANCHORS


def _in_compound(hit: Hit) -> bool:
    """ "T-Mobile": the name is the tail of a hyphenated word."""
    text, start = hit.field.text, hit.start
    return start > 1 and text[start - 1] in "-–" and text[start - 2].isalnum()


def _parent_anchored(lexicon: Lexicon, key: str, anchors: Anchors, hit: Hit) -> bool:
    """The place's state (or, where it has none, its country) is named elsewhere."""
    place = lexicon.gazetteer.get(key)
    if place is None or place.parent_key is None:
        return False
    if place.parent_key.startswith("admin_area:") and anchors.key(place.parent_key, hit):
        return True
    return anchors.country(place.country_code, hit) > 0


def _locative_before(lexicon: Lexicon, hit: Hit) -> bool:
    word, _ = hit.before
    return word in lexicon.words["locative_words"]


# Choosing among readings -----------------------------------------------------------------


def _choose(lexicon: Lexicon, hit: Hit, anchors: Anchors) -> tuple[Candidate, float]:
    """The best-supported reading and its margin over the runner-up (0..1)."""
    cands = list(hit.surface.candidates.values())
    if len(cands) == 1:
        return cands[0], 1.0
    scored = sorted(
        ((_score(lexicon, c, anchors, hit), c) for c in cands), key=lambda s: (-s[0], s[1].key)
    )
    (best, winner), (second, _) = scored[0], scored[1]
    countries = {lexicon.gazetteer.country_of(c.key) for c in cands}
    margin = 1.0 if len(countries) == 1 else min(1.0, (best - second) / 3.0)
    return winner, margin


def _score(lexicon: Lexicon, cand: Candidate, anchors: Anchors, hit: Hit) -> float:
    country = lexicon.gazetteer.country_of(cand.key)
    score = cand.prior
    named = anchors.country(country, hit)
    if named:
        score += COUNTRY_WEIGHT * (1.0 + 0.5 * min(named - 1, 2))
    if anchors.key(cand.key, hit) or _admin_parent_anchored(cand.key, lexicon, anchors, hit):
        score += PARENT_WEIGHT
    elif cand.key.startswith("admin_area:") and _sibling(cand.key, anchors, hit):
        score += PARENT_WEIGHT  # "Georgia" beside "Florida and Alabama" is a state
    if country and any(anchors.country(n, hit) for n in lexicon.neighbours.get(country, ())):
        score += NEIGHBOUR_WEIGHT
    return score


def _sibling(key: str, anchors: Anchors, hit: Hit) -> bool:
    """Another first-level area of the same country is named in the article, when that
    decides the country ("Georgia"); when it only decides between a state and a city of
    one country ("Washington"), it must be listed with the name ("Washington and
    Oregon"): national news names states and the capital side by side."""
    prefix = key[: key.index("-") + 1]
    if len(hit.surface.countries) > 1:
        keys = (k for k in anchors.keys if anchors.key(k, hit))
    else:
        keys = iter(anchors.listed_with(hit))
    return any(k.startswith(prefix) and k != key for k in keys)


def _admin_parent_anchored(key: str, lexicon: Lexicon, anchors: Anchors, hit: Hit) -> bool:
    place = lexicon.gazetteer.get(key)
    parent = place.parent_key if place else None
    return bool(parent and parent.startswith("admin_area:") and anchors.key(parent, hit))


def _confidence(hit: Hit, cand: Candidate, margin: float) -> float:
    base = _BASE_CONFIDENCE[cand.via]
    if hit.surface.common_word or hit.surface.first_name or hit.surface.weak:
        base -= 0.15
    if hit.field.role == "dateline":
        base += 0.05
    return round(max(0.05, min(0.99, base * (0.5 + 0.5 * margin))), 3)
