"""Context rules that decide which hits are places, and which place each one names.

Evidence, in the order it is weighed:
1. People: "Michael Jordan", "Denzel Washington", "Paris Hilton", "Mr Chad" are names,
   and so are later bare mentions of the same word in that article.
2. Not places at all: languages ("in English", "speaks French"), currencies ("US
   dollars") and streets ("Northumberland Avenue").
3. Ordinary words and first names: "Nice", "Reading", "Mobile", "Sydney" need a dateline,
   an apposition ("Mobile, Alabama"), a locative ("in Reading") or their country or
   state named elsewhere in the article.
4. Weak cities (small, and sharing their name with a city abroad or matched by an
   alternate spelling) need their country named elsewhere, a dateline or an
   apposition: a bare "Windsor" or "Salisbury" is too weak.
5. Ambiguous names ("Georgia", "Birmingham") go to the reading whose country, state or
   neighbours the rest of the article names; failing that, to the likelier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.ingestion.tagging_lexicon import Candidate, Lexicon
from articles.ingestion.tagging_matcher import Hit, next_word, previous_word
from articles.ingestion.tagging_people import people_in

# Context weights, on the scale of the priors in tagging_lexicon (log10 of population).
PARENT_WEIGHT = 2.0
COUNTRY_WEIGHT = 1.0
NEIGHBOUR_WEIGHT = 0.3


@dataclass
class Anchors:
    """Which other surface forms of the article name each country and each place.

    Sets of surface ids, so that a hit never supports itself and repeating one name
    counts once.
    """

    countries: dict[str, set[int]] = field(default_factory=dict)
    keys: dict[str, set[int]] = field(default_factory=dict)

    def country(self, code: str | None, hit: Hit) -> int:
        """How many other surface forms name this country."""
        return len(self.countries.get(code, set()) - {id(hit.surface)}) if code else 0

    def key(self, key: str, hit: Hit) -> int:
        """How many other surface forms name this place or a place inside it."""
        return len(self.keys.get(key, set()) - {id(hit.surface)})


@dataclass(frozen=True)
class Resolved:
    """A hit accepted as a mention of one place."""

    hit: Hit
    key: str
    confidence: float


def resolve(lexicon: Lexicon, hits: list[Hit]) -> list[Resolved]:
    """Decide, for every hit of an article, whether it is a place and which one."""
    hits = [h for h in hits if h.surface.candidates and not _not_a_place(lexicon, h)]
    people = people_in(lexicon, hits)
    named = {id(p.surface) for p in people}
    places = [h for h in hits if h not in people and not _coreferent(lexicon, h, named)]
    anchors = _anchors(lexicon, places)
    out = []
    for hit in places:
        if not _supported(lexicon, hit, anchors):
            continue
        candidate, margin = _choose(lexicon, hit, anchors)
        out.append(Resolved(hit, candidate.key, _confidence(hit, candidate, margin)))
    return out


def _is_trap(hit: Hit) -> bool:
    """Ordinary words, and small cities named like people, need support."""
    surface = hit.surface
    return surface.common_word or (surface.first_name and surface.small)


def _is_weak(hit: Hit) -> bool:
    """Weak names, and city names used for a county ("Saint Croix County")."""
    if hit.surface.weak:
        return True
    after = next_word(hit.field.text, hit.end)
    return after in ("County", "Parish", "Township", "Borough") and _is_city(hit)


def _is_city(hit: Hit) -> bool:
    return all(key.startswith("city:") for key in hit.surface.candidates)


def _not_a_place(lexicon: Lexicon, hit: Hit) -> bool:
    """A language, a currency ("US dollars") or a street ("Northumberland Avenue")."""
    after = next_word(hit.field.text, hit.end)
    words = lexicon.words
    if (
        after.rstrip(".,;:") in words["currency_words"]
        or after.rstrip(".,;:") in words["street_words"]
    ):
        return True
    return _is_language(lexicon, hit)


def _is_language(lexicon: Lexicon, hit: Hit) -> bool:
    """ "in English", "speaks French and Spanish", "Spanish-speaking", "Russian language"."""
    if not hit.surface.language:
        return False
    text = hit.field.text
    if _language_before(lexicon, text, hit.start):
        return True
    rest = text[hit.end : hit.end + 1]
    after = next_word(text, hit.end) if rest == " " else text[hit.end + 1 : hit.end + 12]
    return after.lower().rstrip(".,;:") in lexicon.words["language_after"] or after.startswith(
        "speaking"
    )


def _language_before(lexicon: Lexicon, text: str, start: int) -> bool:
    """A language cue before the word, looking back over a list of languages."""
    words = lexicon.words
    for _ in range(6):
        before, at = previous_word(text, start)
        bare = before.rstrip(",")
        if bare.lower() in words["language_before"]:
            return True
        if bare not in ("and", "or") and bare not in words["language_demonyms"]:
            return False
        start = at
    return False


def _coreferent(lexicon: Lexicon, hit: Hit, named: set[int]) -> bool:
    """A later "Jordan said" after "Michael Jordan": the same person, unless placed."""
    if id(hit.surface) not in named:
        return False
    before, _ = previous_word(hit.field.text, hit.start)
    return not (before in lexicon.words["strong_locative_words"] or _apposition_after(hit))


# Support ---------------------------------------------------------------------------------


def _supported(lexicon: Lexicon, hit: Hit, anchors: Anchors) -> bool:
    trap, weak = _is_trap(hit), _is_weak(hit)
    if not (trap or weak) or hit.field.role == "dateline" or _apposition_after(hit):
        return True
    if _in_compound(hit):
        return False
    named_nearby = any(
        _parent_anchored(lexicon, key, anchors, hit) for key in hit.surface.candidates
    )
    if weak:
        return named_nearby
    return named_nearby or _locative_before(lexicon, hit)


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
    word, _ = previous_word(hit.field.text, hit.start)
    return word in lexicon.words["locative_words"]


def _apposition_after(hit: Hit) -> bool:
    """ "Mobile, Alabama" or "Reading (England)": a capitalised word right after."""
    rest = hit.field.text[hit.end : hit.end + 3]
    return rest[:2] in (", ", " (") and rest[2:3].isupper()


# Choosing among readings -----------------------------------------------------------------


def _anchors(lexicon: Lexicon, hits: list[Hit]) -> Anchors:
    """Countries and places named by hits that have a single possible country.

    Weak and trap hits vouch only for their state ("Gloucester" and "Cheltenham" for
    England), not for a whole country, so two weak names abroad cannot prop each other up.
    """
    anchors = Anchors()
    for hit in hits:
        surface = hit.surface
        ident = id(surface)
        if _is_trap(hit) or _is_weak(hit):
            for key in surface.lineage:
                if key.startswith("admin_area:"):
                    anchors.keys.setdefault(key, set()).add(ident)
            continue
        if len(surface.countries) != 1:
            continue
        for code in surface.countries - {None}:
            anchors.countries.setdefault(code, set()).add(ident)
        for key in surface.lineage:
            anchors.keys.setdefault(key, set()).add(ident)
    return anchors


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
    elif cand.key.startswith("admin_area:") and _sibling_named(cand.key, anchors, hit):
        score += PARENT_WEIGHT  # "Georgia" beside "Florida and Alabama" is a state
    if country and any(anchors.country(n, hit) for n in lexicon.neighbours.get(country, ())):
        score += NEIGHBOUR_WEIGHT
    return score


def _sibling_named(key: str, anchors: Anchors, hit: Hit) -> bool:
    """Another first-level area of the same country is named in the article."""
    prefix = key[: key.index("-") + 1]
    return any(k.startswith(prefix) and k != key and anchors.key(k, hit) for k in anchors.keys)


def _admin_parent_anchored(key: str, lexicon: Lexicon, anchors: Anchors, hit: Hit) -> bool:
    place = lexicon.gazetteer.get(key)
    parent = place.parent_key if place else None
    return bool(parent and parent.startswith("admin_area:") and anchors.key(parent, hit))


def _confidence(hit: Hit, cand: Candidate, margin: float) -> float:
    base = {"name": 0.9, "phrase": 0.9, "within": 0.85, "demonym": 0.8, "alt": 0.75}[cand.via]
    if hit.surface.common_word or hit.surface.first_name or hit.surface.weak:
        base -= 0.15
    if hit.field.role == "dateline":
        base += 0.05
    return round(max(0.05, min(0.99, base * (0.5 + 0.5 * margin))), 3)
