"""Region tagging: which regions a news article is about.

    tag_article(headline=..., body=..., dateline=...) -> [RegionTag, ...]

One pass of an Aho-Corasick automaton per field finds every name, short form and
demonym in the gazetteer (tagging_lexicon, tagging_matcher); context rules then drop
people and ordinary words and pick among same-named places (disambiguation).

Design: tags are emitted at the level named and also at country level. "Baku said"
yields the city Baku and the country Azerbaijan, whose mentions are those of Baku; a
city's state is not added. A demonym ("Armenian troops") yields its country; a county
or province ("Kent", "Xinjiang", "Cuyahoga County") yields its first-level area or
country, and a seat of government ("the Kremlin", "the White House") its country. A
disputed territory ("Nagorno-Karabakh") is tagged as itself, with no country, and never
as a claimant. Continents and subregions are tagged when named and carry no country.
Pure Python: no Django, no database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from articles.ingestion.disambiguation import Resolved, resolve
from articles.ingestion.tagging_lexicon import Lexicon, load_lexicon
from articles.ingestion.tagging_matcher import Field, Role, find_hits, make_field

__all__ = ["TAGGER_VERSION", "Mention", "RegionTag", "Role", "tag_article", "tag_text"]

TAGGER_VERSION = "1.1.0"

# The lead is the first paragraph, or this many characters of a body without breaks.
LEAD_CHARS = 400
MIN_LEAD_LINE = 80


@dataclass(frozen=True)
class Mention:
    """Evidence for a tag: `text == field_text[start:end]` in the field named by `role`."""

    role: Role
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class RegionTag:
    """A region an article is about, with the evidence and how sure the tagger is."""

    key: str
    name: str
    kind: str
    country_code: str | None
    roles: tuple[Role, ...]
    mention_count: int
    mentions: tuple[Mention, ...]
    is_main: bool
    confidence: float
    relevance: float


def tag_text(text: str) -> list[RegionTag]:
    """Tag plain text, treated as an article body."""
    return tag_article(body=text)


def tag_article(
    *, headline: str = "", body: str = "", dateline: str | None = None
) -> list[RegionTag]:
    """Tag an article's fields; most relevant region first."""
    lexicon = load_lexicon()
    fields = _fields(headline, body, dateline)
    hits = [hit for f in fields for hit in find_hits(lexicon, f)]
    evidence = _group(lexicon, resolve(lexicon, hits))
    lead_end = _lead_end(body)
    found = {key: _evidence(key, items, lead_end) for key, items in evidence.items()}
    top = max((f[-1] for f in found.values()), default=1.0) or 1.0
    tags = [_tag(lexicon, key, *f, top) for key, f in found.items()]
    return sorted(tags, key=lambda t: (-t.relevance, t.key))


@dataclass(slots=True)
class _Found:
    """The mentions of one key, and the chance that every one of them is wrong."""

    mentions: list[Mention] = field(default_factory=list)
    miss: float = 1.0

    def add(self, mention: Mention, confidence: float) -> None:
        self.mentions.append(mention)
        self.miss *= 1.0 - confidence


def _group(lexicon: Lexicon, resolved: list[Resolved]) -> dict[str, _Found]:
    """Mentions per key; a place inside a country also counts for that country. Hits
    arrive in field order, so the mentions are in field order too."""
    out: dict[str, _Found] = {}
    for item in resolved:
        hit = item.hit
        mention = Mention(hit.field.role, hit.start, hit.end, hit.text)
        _found(out, item.key).add(mention, item.confidence)
        country = lexicon.country_key(item.key)
        if country and country != item.key:
            _found(out, country).add(mention, item.confidence * 0.95)
    return out


def _found(out: dict[str, _Found], key: str) -> _Found:
    found = out.get(key)
    if found is None:
        found = out[key] = _Found()
    return found


def _lead_end(body: str) -> int:
    """End of the lead: the first paragraph of prose (short lines before it, such as a
    section name or a repeated headline, are skipped), at most LEAD_CHARS long."""
    start = 0
    for line in body.splitlines(keepends=True):
        if len(line.strip()) >= MIN_LEAD_LINE:
            return start + min(len(line), LEAD_CHARS)
        start += len(line)
    return min(len(body), LEAD_CHARS)


def _evidence(
    key: str, found: _Found, lead_end: int
) -> tuple[tuple[Mention, ...], tuple[Role, ...], float, bool, float]:
    """Mentions and roles in field order, combined confidence, whether a mention is in
    the lead, and the unscaled relevance."""
    mentions = found.mentions
    roles = tuple(dict.fromkeys(m.role for m in mentions))
    in_lead = any(m.role == "body" and m.start < lead_end for m in mentions)
    kind = key.split(":", 1)[0]
    relevance = _raw_relevance(roles, in_lead, len(mentions), kind)
    return tuple(mentions), roles, 1.0 - found.miss, in_lead, relevance


def _tag(
    lexicon: Lexicon,
    key: str,
    mentions: tuple[Mention, ...],
    roles: tuple[Role, ...],
    confidence: float,
    in_lead: bool,
    relevance: float,
    top: float,
) -> RegionTag:
    place = lexicon.gazetteer.places[key]
    return RegionTag(
        key=key,
        name=place.name,
        kind=place.kind,
        country_code=place.country_code if place.kind not in ("continent", "subregion") else None,
        roles=roles,
        mention_count=len(mentions),
        mentions=mentions,
        is_main=roles[0] != "body" or in_lead or len(mentions) >= 3,
        confidence=round(min(0.99, confidence), 3),
        relevance=round(min(1.0, relevance / top), 3),
    )


def _raw_relevance(roles: tuple[Role, ...], in_lead: bool, count: int, kind: str) -> float:
    score = 3.0 * ("dateline" in roles) + 2.0 * ("headline" in roles) + 1.5 * in_lead
    score += math.log2(1 + count)
    if kind in ("continent", "subregion"):
        score *= 0.5  # a continent named in passing says little about the story
    return score


def _fields(headline: str, body: str, dateline: str | None) -> list[Field]:
    """The non-empty fields of an article, in role order."""
    return [
        make_field(role, text)
        for role, text in (("dateline", dateline or ""), ("headline", headline), ("body", body))
        if text and text.strip()
    ]
