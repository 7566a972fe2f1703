"""Is this place name part of a person's name? ("Michael Jordan", "Paris Hilton")."""

from __future__ import annotations

import re

from articles.ingestion.tagging_lexicon import Lexicon, normalize
from articles.ingestion.tagging_matcher import Hit, is_sentence_start, previous_word


def people_in(lexicon: Lexicon, hits: list[Hit]) -> set[Hit]:
    """Hits that are (part of) a person's name; a hit right after one is the surname."""
    people: set[Hit] = set()
    previous: Hit | None = None
    for hit in hits:
        after_person = (
            previous in people
            and previous.field is hit.field
            and hit.field.text[previous.end : hit.start] == " "
        )
        if after_person or is_person(lexicon, hit):
            people.add(hit)
        previous = hit
    return people


def is_person(lexicon: Lexicon, hit: Hit) -> bool:
    """True when the words around the hit make it (part of) a person's name.

    - a title or a known first name before it: "Mr Chad", "Michael Jordan";
    - for names that are also surnames, first names or small towns, any capitalised
      word mid-sentence before it that is no place: "Denzel Washington";
    - for names that are also first names, a capitalised non-place word after it:
      "Paris Hilton", "Chad Smith".
    """
    if hit.surface.multiword:
        return False
    before, before_at = hit.before
    if before[:1].isupper() and _named_before(lexicon, hit, before, before_at):
        return True
    if _after_particle(lexicon, hit, before.rstrip("."), before_at) or _abbreviated(
        hit.field.text, hit.end
    ):
        return True
    surface = hit.surface
    return surface.first_name and not hit.field.title_case and _followed_by_surname(lexicon, hit)


def _named_before(lexicon: Lexicon, hit: Hit, before: str, before_at: int) -> bool:
    """The capitalised word before the hit makes it a name: a title ("Mr Chad"), an
    initial ("J. Davis"), a first name ("Michael Jordan"), a double-barrelled name
    ("Tanesha Melbourne-Blake") or, for surnames and small towns, any word mid-sentence
    that is no place ("Denzel Washington")."""
    words = lexicon.words
    bare = before.rstrip(".")
    if bare in words["person_titles"] or _initial(before):
        return True
    if bare in words["first_names"] and not _is_place_word(lexicon, bare):
        return True
    if _double_barrelled(lexicon, hit):
        return True
    surface = hit.surface
    return (surface.surname or surface.first_name or surface.small) and _unknown_capitalised(
        lexicon, before, before_at, hit
    )


def _initial(word: str) -> bool:
    """ "J. Davis", "J Davis": an initial. Bare "A" and "I" are words ("A London man")."""
    if word[:1].isupper() and word[1:] in ("", "."):
        return word[1:] == "." or word not in ("A", "I")
    return False


def _after_particle(lexicon: Lexicon, hit: Hit, word: str, at: int) -> bool:
    """ "Mario de Santiago": a name particle after a capitalised word."""
    if word not in lexicon.words["name_particles"] or at < 0:
        return False
    first, _ = previous_word(hit.field.text, at)
    return first[:1].isupper() and not _is_place_word(lexicon, first)


def _abbreviated(text: str, end: int) -> bool:
    """ "Jos. A. Bank": an abbreviated first name followed by an initial."""
    return (
        text[end : end + 2] == ". " and text[end + 3 : end + 4] == "." and text[end + 2].isupper()
    )


def _double_barrelled(lexicon: Lexicon, hit: Hit) -> bool:
    """ "Tanesha Melbourne-Blake": joined by a hyphen to a capitalised non-place."""
    text = hit.field.text
    if text[hit.end : hit.end + 1] != "-":
        return False
    match = re.match(r"[A-Z][a-z]+", text[hit.end + 1 : hit.end + 30])
    return bool(match) and not _is_place_word(lexicon, match.group(0))


def _unknown_capitalised(lexicon: Lexicon, word: str, at: int, hit: Hit) -> bool:
    """A capitalised word mid-sentence that is no place and no qualifier: a first name."""
    if not word[:1].isupper() or word.isupper() or at < 0 or hit.field.title_case:
        return False
    if is_sentence_start(hit.field.text, at) or word.endswith((".", "'s", "’s")):
        return False
    words = lexicon.words
    return (
        word not in words["place_qualifiers"]
        and word not in words["place_nouns"]
        and not _is_place_word(lexicon, word)
    )


def _followed_by_surname(lexicon: Lexicon, hit: Hit) -> bool:
    """A capitalised word right after that is no place and no institution noun."""
    after = _bare(hit.after)
    if not after[:1].isupper() or after.isupper():
        return False
    words = lexicon.words
    if after in words["place_nouns"] or after in words["place_qualifiers"]:
        return False
    index = lexicon.index.get(normalize(after).strip())
    # A town named like a surname does not stop it: "Jordan Henderson".
    return index is None or lexicon.surfaces[index].small


def _bare(word: str) -> str:
    """The word without trailing punctuation or possessive: "Vivians’" -> "Vivians"."""
    word = word.rstrip(".,;:!?")
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _is_place_word(lexicon: Lexicon, word: str) -> bool:
    return lexicon.is_place_word(word)
