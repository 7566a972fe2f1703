"""What the rest of an article says about each hit: whether it is no place at all (a
language, a currency, a street, an era), whether it is a trap or a weak name that needs
support, and which countries, places and lists the other hits name (Anchors)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from articles.ingestion.tagging_lexicon import Lexicon
from articles.ingestion.tagging_matcher import Hit, previous_word

_ERA_UNITS = frozenset({"century", "centuries", "millennium", "millennia"})
_LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or ", " & "})
_LONGEST_GAP = max(map(len, _LIST_GAPS))
_COUNTY_WORDS = frozenset({"County", "Parish", "Township", "Borough"})


@dataclass
class Anchors:
    """Which other surface forms of the article name each country and each place.

    Sets of surface ids, so that a hit never supports itself and repeating one name
    counts once.
    """

    hits: list[Hit]
    countries: dict[str, set[int]] = field(default_factory=dict)
    keys: dict[str, set[int]] = field(default_factory=dict)
    _listed: dict[int, set[str]] | None = None

    def country(self, code: str | None, hit: Hit) -> int:
        """How many other surface forms name this country."""
        found = self.countries.get(code) if code else None
        return len(found) - (id(hit.surface) in found) if found else 0

    def elsewhere(self, code: str | None) -> int:
        """How many surface forms name the most-named country other than this one."""
        return max((len(ids) for other, ids in self.countries.items() if other != code), default=0)

    def key(self, key: str, hit: Hit) -> int:
        """How many other surface forms name this place or a place inside it."""
        found = self.keys.get(key)
        return len(found) - (id(hit.surface) in found) if found else 0

    def listed_with(self, hit: Hit) -> set[str]:
        """Places listed right beside the hit's name anywhere in the article (worked out
        on first use: few names need it)."""
        if self._listed is None:
            self._listed = _list_neighbours(self.hits)
        return self._listed.get(id(hit.surface), set())


def is_trap(hit: Hit) -> bool:
    """Ordinary words, and small cities named like people, need support."""
    return hit.surface.trap


def is_weak(hit: Hit) -> bool:
    """Weak names, and city names used for a county ("Saint Croix County")."""
    surface = hit.surface
    return surface.weak or (surface.is_city and hit.after in _COUNTY_WORDS)


def not_a_place(lexicon: Lexicon, hit: Hit) -> bool:
    """A language, a currency ("US dollars"), a street ("Northumberland Avenue") or an
    era ("300 BC")."""
    after = hit.after.rstrip(".,;:")
    words = lexicon.words
    if after in words["currency_words"] or after in words["street_words"]:
        return True
    return (hit.surface.language and _is_language(lexicon, hit)) or _is_era(lexicon, hit)


def _is_era(lexicon: Lexicon, hit: Hit) -> bool:
    """ "300 BC", "the fifth century BC": an era, not British Columbia."""
    if not hit.surface.exact or hit.text not in lexicon.words["era_words"]:
        return False  # era words are abbreviations, matched as written
    before = hit.before[0].replace(",", "")
    return before.isdigit() or before in _ERA_UNITS


def _is_language(lexicon: Lexicon, hit: Hit) -> bool:
    """ "in English", "speaks French and Spanish", "Spanish-speaking", "Russian language"."""
    text = hit.field.text
    if _language_before(lexicon, text, hit.start):
        return True
    rest = text[hit.end : hit.end + 1]
    after = hit.after if rest == " " else text[hit.end + 1 : hit.end + 12]
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


def apposition_after(hit: Hit) -> bool:
    """ "Mobile, Alabama" or "Reading (England)": a capitalised word right after."""
    rest = hit.field.text[hit.end : hit.end + 3]
    return rest[:2] in (", ", " (") and rest[2:3].isupper()


def anchors_of(hits: list[Hit]) -> Anchors:
    """Countries and places named by hits that have a single possible country.

    Weak and trap hits vouch only for their state ("Gloucester" and "Cheltenham" for
    England), not for a whole country, so two weak names abroad cannot prop each other up.
    """
    anchors = Anchors(hits)
    seen: set[tuple[int, bool]] = set()  # a repeated name adds nothing new
    for hit in hits:
        surface = hit.surface
        ident = id(surface)
        guarded = is_trap(hit) or is_weak(hit)
        if (ident, guarded) in seen:
            continue
        seen.add((ident, guarded))
        if guarded:
            for key in surface.admin_lineage:
                anchors.keys.setdefault(key, set()).add(ident)
            continue
        if len(surface.countries) != 1:
            continue
        for code in surface.countries - {None}:
            anchors.countries.setdefault(code, set()).add(ident)
        for key in surface.lineage:
            anchors.keys.setdefault(key, set()).add(ident)
    return anchors


def _list_neighbours(hits: list[Hit]) -> dict[int, set[str]]:
    """For each surface form, the places listed right beside it: "Washington and
    Oregon", "Florida, Washington" (lineage keys of the neighbours)."""
    listed: dict[int, set[str]] = {}
    for first, second in itertools.pairwise(hits):
        if first.field is not second.field or second.start - first.end > _LONGEST_GAP:
            continue
        if first.field.text[first.end : second.start] in _LIST_GAPS:
            listed.setdefault(id(first.surface), set()).update(second.surface.lineage)
            listed.setdefault(id(second.surface), set()).update(first.surface.lineage)
    return listed
