"""Deterministic, seeded news data, bulk-loaded with PostgreSQL COPY into the live schema.

    DATABASE_URL=postgres://... python -m bench.datagen --size 10000 [--seed N] [--processes 2]

The regions must be loaded first (`manage.py load_regions`): articles are tagged with real
countries and cities from the gazetteer. Sources and sections are created when missing.

Every article is a pure function of (seed, article id): the same seed gives the same rows
whatever the number of loader processes (related articles are drawn within a chunk, so
those also depend on the chunk size). Article ids continue after the largest id present,
so loading twice appends new, distinct articles. Indexes, constraints and the
search-vector trigger stay live while loading; nothing is disabled.

The loader brings each article's search vector, identical to the one the trigger would
compute (`SearchVectors`; the trigger keeps a vector supplied on insert), so PostgreSQL
does not run `to_tsvector` over a million bodies; it still reads, stores and indexes it.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import math
import multiprocessing
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate, chain

import numpy as np
from django.utils.text import slugify
from psycopg import pq
from psycopg.adapt import Dumper

from bench import vocabulary as words

DEFAULT_SEED = 20261125
CHUNK = 5_000
START = datetime(2019, 1, 1, tzinfo=UTC)
END = datetime(2026, 11, 1, tzinfo=UTC)
MIN_WORDS, MAX_WORDS = 300, 1_500
RARE_SHARE = 0.002
SENTENCE_POOL = 20_000
# How many region tags an article has: 0 to 8, about four on average.
TAG_COUNT_WEIGHTS = [4, 10, 16, 18, 16, 13, 10, 8, 5]
TAGGER_VERSION = "1.0.0"
POLL_INTERVAL = timedelta(minutes=15)  # Source.poll_interval's default
# Related articles are chosen among the previous ones of the same chunk, so that a chunk
# never refers to rows that another loader process has not committed yet.
RELATED_WINDOW = 200
# Offset of the ids used for raw copy (ingestion), so it never repeats a loaded article.
COPY_INDEX_OFFSET = 1_000_000_000

ARTICLE_COLUMNS = (
    "id", "headline", "slug", "byline", "dateline", "summary", "body", "related_stories",
    "language", "canonical_url", "external_id", "content_hash", "version", "published_at",
    "created_at", "updated_at", "dateline_region_id", "section_id", "source_id",
)  # fmt: skip
TAG_COLUMNS = (
    "article_id", "region_id", "method", "is_main", "relevance", "confidence",
    "mention_count", "in_dateline", "in_headline", "in_body", "mentions", "tagger_version",
    "created_at",
)  # fmt: skip
RELATED_COLUMNS = ("from_article_id", "to_article_id")
# PostgreSQL types of the columns, for binary COPY.
ARTICLE_TYPES = (
    "bigint", "varchar", "varchar", "varchar", "varchar", "text", "text", "jsonb", "varchar",
    "varchar", "varchar", "varchar", "integer", "timestamptz", "timestamptz", "timestamptz",
    "bigint", "bigint", "bigint",
)  # fmt: skip
TAG_TYPES = (
    "bigint", "bigint", "varchar", "boolean", "float8", "float8", "integer", "boolean",
    "boolean", "boolean", "jsonb", "varchar", "timestamptz",
)  # fmt: skip
RELATED_TYPES = ("bigint", "bigint")
JSON_COLUMNS = {"related_stories", "mentions"}


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name: str
    kind: str
    country_code: str


@dataclass(frozen=True, slots=True)
class Named:
    id: int
    name: str
    slug: str
    domain: str = ""


@dataclass(frozen=True)
class Catalogue:
    """What articles refer to, read from the database once: regions, sources, sections."""

    countries: list[Place]
    country_weights: list[float]
    cities: dict[str, list[Place]]
    city_weights: dict[str, list[float]]
    all_cities: list[Place]
    all_city_weights: list[float]
    country_names: dict[str, str]
    sources: list[Named]
    source_weights: list[float]
    sections: list[Named]
    section_weights: list[float]
    next_id: int


@dataclass(slots=True)
class GeneratedArticle:
    article: tuple
    tags: list[tuple]
    related: list[tuple]
    # (headline units, summary units, body units, reference number): see SearchVectors
    vector_units: tuple

    def field(self, name):
        return self.article[ARTICLE_COLUMNS.index(name)]


# --- the catalogue -------------------------------------------------------------------------


def prepare(cursor) -> Catalogue:
    """Create missing sources and sections and read what articles refer to.

    Works on any DB-API cursor with `%s` parameters: psycopg's or Django's (SQLite too).
    """
    for name, slug, _weight in words.SECTIONS:
        cursor.execute(
            "INSERT INTO articles_section (name, slug) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [name, slug],
        )
    poll_interval = _duration(cursor, POLL_INTERVAL)
    for name, slug, kind, iso2, domain, language, _weight in words.SOURCES:
        cursor.execute(
            "INSERT INTO articles_source (name, slug, kind, homepage, feed_url, poll_interval,"
            " country_id, language, description, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, (SELECT id FROM articles_region WHERE iso2 = %s),"
            " %s, %s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING",
            [
                name, slug, kind, f"https://www.{domain}/", f"https://www.{domain}/feed.xml",
                poll_interval, iso2, language, f"{name}, a news {kind}.",
            ],
        )  # fmt: skip
    cursor.execute("SELECT id, slug, name FROM articles_section")
    section_ids = {slug: (pk, name) for pk, slug, name in cursor.fetchall()}
    cursor.execute("SELECT id, slug, name FROM articles_source")
    source_ids = {slug: (pk, name) for pk, slug, name in cursor.fetchall()}
    sections = [
        (Named(section_ids[slug][0], name, slug), weight)
        for name, slug, weight in words.SECTIONS
        if slug in section_ids
    ]
    sources = [
        (Named(source_ids[slug][0], name, slug, domain), weight)
        for name, slug, _kind, _iso2, domain, _language, weight in words.SOURCES
        if slug in source_ids
    ]
    cursor.execute(
        "SELECT id, name, kind, COALESCE(iso2, ''), country_code, COALESCE(population, 0)"
        " FROM articles_region WHERE kind IN ('country', 'city') ORDER BY id"
    )
    countries, cities, country_names = [], {}, {}
    for pk, name, kind, iso2, country_code, population in cursor.fetchall():
        if kind == "country":
            countries.append((Place(pk, name, kind, iso2), math.sqrt(max(population, 100_000))))
            country_names[iso2] = name
        else:
            place = Place(pk, name, kind, country_code)
            cities.setdefault(country_code, []).append((place, max(population, 10_000) ** 0.6))
    if not countries:
        raise RuntimeError("No countries in the database: run `manage.py load_regions` first.")
    cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM articles_article")
    (next_id,) = cursor.fetchone()
    all_cities = [entry for entries in cities.values() for entry in entries]
    return Catalogue(
        countries=[place for place, _ in countries],
        country_weights=_cumulative(countries),
        cities={code: [place for place, _ in entries] for code, entries in cities.items()},
        city_weights={code: _cumulative(entries) for code, entries in cities.items()},
        all_cities=[place for place, _ in all_cities],
        all_city_weights=_cumulative(all_cities),
        country_names=country_names,
        sources=[named for named, _ in sources],
        source_weights=_cumulative(sources),
        sections=[named for named, _ in sections],
        section_weights=_cumulative(sections),
        next_id=next_id,
    )


def _duration(cursor, value: timedelta):
    """A DurationField's value: an interval on PostgreSQL, microseconds on SQLite."""
    if getattr(getattr(cursor, "db", None), "vendor", "postgresql") == "postgresql":
        return value
    return value // timedelta(microseconds=1)


def _cumulative(weighted) -> list[float]:
    return list(accumulate(weight for _, weight in weighted))


# --- the text ------------------------------------------------------------------------------

SLOT = "\x00"  # where a place name goes in a pre-filled sentence or headline


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _title(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _pick(rand, population, cumulative):
    """`random.choices(population, cum_weights=cumulative)[0]`, the same draw, faster."""
    return population[bisect.bisect(cumulative, rand() * cumulative[-1], 0, len(cumulative) - 1)]


class Generator:
    """Articles, their region tags and related articles, each from (seed, article id).

    Speed matters (a million articles): sentences, place sentences and headlines are drawn
    once from the vocabulary into pools; an article body is a slice of the sentence pool
    plus its place sentences, so each article costs a few dozen random draws.
    """

    def __init__(self, seed: int, catalogue: Catalogue):
        self.seed = seed
        self.catalogue = catalogue
        rng = random.Random(seed)
        self.subjects = [subject for subject, _ in words.SUBJECTS]
        self.subject_weights = list(accumulate(weight for _, weight in words.SUBJECTS))
        # Each pooled sentence ends with a space, or with a paragraph break about a third
        # of the time; a body is a run of consecutive pooled sentences.
        self.sentences, self.cumulative_words = [], [0]
        for _ in range(SENTENCE_POOL):
            text = self._sentence(rng)
            self.sentences.append(text + ("\n\n" if rng.random() < 0.35 else " "))
            self.cumulative_words.append(self.cumulative_words[-1] + text.count(" ") + 1)
        self.place_sentences = [
            self._fill(rng.choice(words.PLACE_SENTENCES), rng, SLOT) + " " for _ in range(3_000)
        ]
        self.place_sentence_words = [text.count(" ") - 1 for text in self.place_sentences]
        self.headlines = [
            _title(self._fill(rng.choice(words.HEADLINES), rng, SLOT)) for _ in range(3_000)
        ]
        self.unplaced_headlines = [
            _title(self._fill(rng.choice(words.UNPLACED_HEADLINES), rng)) for _ in range(1_000)
        ]
        self.rare_sentences = [self._fill(words.RARE_SENTENCE, rng) + " " for _ in range(50)]
        self.tag_weights = list(accumulate(TAG_COUNT_WEIGHTS))
        self.span_seconds = int((END - START).total_seconds())
        self.place_json = {}
        # The sentences as content_hash reads them, flattened once rather than per body.
        self.flat_sentences = [_flat(text) for text in self.sentences]
        self._register_units()

    def _register_units(self) -> None:
        """The units of search vectors (see SearchVectors) that the pools are made of."""
        self.vectors = vectors = SearchVectors()
        unit = vectors.unit
        self.sentence_units = [(unit(text),) for text in self.sentences]
        self.place_sentence_units = [self._around_slot(text) for text in self.place_sentences]
        self.headline_units = [self._around_slot(text) for text in self.headlines]
        self.unplaced_headline_units = [(unit(text),) for text in self.unplaced_headlines]
        self.rare_sentence_units = [(unit(text),) for text in self.rare_sentences]
        self.closing_units = {
            source.id: (unit(f"Reporting by the {source.name} desk; reference "), vectors.REFERENCE)
            for source in self.catalogue.sources
        }
        places = self.catalogue.countries + self.catalogue.all_cities
        self.name_units = {
            (place.id, comma): unit(place.name + comma) for place in places for comma in ("", ",")
        }

    def _around_slot(self, text: str) -> tuple:
        """Units before and after the place name; a comma after it goes with the name, so
        that units meet at whitespace."""
        before, _, after = text.partition(SLOT)
        comma = "," if after.startswith(",") else ""
        before_units = (self.vectors.unit(before),) if before else ()
        return before_units, comma, self.vectors.unit(after[len(comma) :])

    def _placed(self, around: tuple, place: Place) -> tuple:
        before_units, comma, after = around
        return (*before_units, self.name_units[place.id, comma], after)

    def _summary_units(self, summary: str, sentences: list[str], units: list[tuple]) -> list:
        """The summary is the start of the body: whole sentences, then the part of the
        last one that it keeps (a unit of its own, unless only whitespace was cut off)."""
        done = 0
        for index, sentence in enumerate(sentences):  # noqa: B007 (used after the loop)
            done += len(sentence)
            if done >= len(summary):
                break
        kept = summary[done - len(sentence) :]
        whole = list(chain.from_iterable(units[:index]))
        if kept == sentence or sentence[len(kept) :].isspace():
            return whole + list(units[index])
        return [*whole, self.vectors.unit(kept)]

    def _subject(self, rng) -> str:
        return rng.choices(self.subjects, cum_weights=self.subject_weights)[0]

    def _sentence(self, rng) -> str:
        subject, verb = self._subject(rng), rng.choice(words.REPORTING_VERBS)
        adjective, noun = rng.choice(words.ADJECTIVES), rng.choice(words.NOUNS)
        modal, action = rng.choice(words.MODALS), rng.choice(words.ACTIONS)
        obj, when = rng.choice(words.OBJECTS), rng.choice(words.TIMES)
        shape = rng.randrange(5)
        if shape == 0:
            return f"{subject} {verb} the {adjective} {noun} {modal} {action} {obj} {when}."
        if shape == 1:
            connector = rng.choice(words.CONNECTORS)
            return (
                f"{connector} the {adjective} {noun} {modal} {action} {obj}, "
                f"{_lower_first(subject)} {verb}."
            )
        if shape == 2:
            return f'"We will {action} {obj} {when}," {_lower_first(subject)} {verb}.'
        if shape == 3:
            other = rng.choice(words.NOUNS)
            return (
                f"{subject} {verb} the {noun} and the {other} {modal} {action} {obj} "
                f"{when}, although details were not made public."
            )
        return f"The {adjective} {noun} {modal} {action} {obj}, {_lower_first(subject)} {verb}."

    def _fill(self, template: str, rng, place: str = "") -> str:
        return template.format(
            place=place,
            subject=self._subject(rng),
            adjective=rng.choice(words.ADJECTIVES),
            noun=rng.choice(words.NOUNS),
            action=rng.choice(words.ACTIONS),
            object=rng.choice(words.OBJECTS),
            time=rng.choice(words.TIMES),
        )

    def _places(self, rand, count: int) -> list[Place]:
        """The main country first, then a mix of its cities, other countries and cities."""
        cat = self.catalogue
        if count == 0:
            return []
        main = _pick(rand, cat.countries, cat.country_weights)
        places, seen = [main], {main.id}
        home = cat.cities.get(main.country_code)
        for _ in range(count * 4):  # bounded: duplicates are skipped, not retried forever
            if len(places) >= count:
                break
            roll = rand()
            if roll < 0.55 and home:
                place = _pick(rand, home, cat.city_weights[main.country_code])
            elif roll < 0.8:
                place = _pick(rand, cat.countries, cat.country_weights)
            else:
                place = _pick(rand, cat.all_cities, cat.all_city_weights)
            if place.id not in seen:
                seen.add(place.id)
                places.append(place)
        return places

    def article(self, article_id: int, related_floor: int | None = None) -> GeneratedArticle:
        """One article. Related articles are drawn from ids in [related_floor, article_id)."""
        rng = random.Random(self.seed * 1_000_003 + article_id)
        rand = rng.random
        cat = self.catalogue
        source = _pick(rand, cat.sources, cat.source_weights)
        section = _pick(rand, cat.sections, cat.section_weights)
        count = _pick(rand, range(len(TAG_COUNT_WEIGHTS)), self.tag_weights)
        places = self._places(rand, count)
        city = next((place for place in places if place.kind == "city"), None)

        if places:
            named = city if city is not None and rand() < 0.4 else places[0]
            index = int(rand() * len(self.headlines))
            headline = self.headlines[index].replace(SLOT, named.name)
            headline_units = self._placed(self.headline_units[index], named)
        else:
            index = int(rand() * len(self.unplaced_headlines))
            headline = self.unplaced_headlines[index]
            headline_units = self.unplaced_headline_units[index]
        dateline = ""
        if city is not None:
            country = cat.country_names.get(city.country_code)
            dateline = f"{city.name.upper()}, {country}" if country else city.name.upper()

        # Place sentences (one to four per place) and the closing line are chosen first, so
        # the body can be cut to a word count between MIN_WORDS and MAX_WORDS exactly.
        extra, extra_words = [], 0
        for position, place in enumerate(places):
            mentions = 1 + (rand() < 0.5) + (position == 0) * int(rand() * 3)
            for _ in range(mentions):
                index = int(rand() * len(self.place_sentences))
                text = self.place_sentences[index].replace(SLOT, place.name)
                extra.append((text, self._placed(self.place_sentence_units[index], place)))
                extra_words += self.place_sentence_words[index] + place.name.count(" ") + 1
        if rand() < RARE_SHARE:
            index = int(rand() * len(self.rare_sentences))
            extra.append((self.rare_sentences[index], self.rare_sentence_units[index]))
            extra_words += extra[-1][0].count(" ")
        closing = f"Reporting by the {source.name} desk; reference {article_id:09d}."
        extra_words += closing.count(" ") + 1
        target = max(rng.randint(MIN_WORDS, MAX_WORDS - 50) - extra_words, 20)
        cumulative = self.cumulative_words
        first = int(rand() * (SENTENCE_POOL - MAX_WORDS))  # a run of MAX_WORDS always fits
        last = bisect.bisect_left(cumulative, cumulative[first] + target, first)
        sentences = self.sentences[first:last]
        flat = self.flat_sentences[first:last]
        units = self.sentence_units[first:last]
        for sentence, sentence_units in extra:  # place sentences have no paragraph breaks
            at = int(rand() * (len(sentences) + 1))
            sentences.insert(at, sentence)
            flat.insert(at, sentence)
            units.insert(at, sentence_units)
        sentences.append(closing)
        flat.append(closing)
        units.append(self.closing_units[source.id])
        body = "".join(sentences)
        summary = body.partition("\n\n")[0][:500]
        vector_units = (
            headline_units,
            self._summary_units(summary, sentences, units),
            list(chain.from_iterable(units)),
            f"{article_id:09d}",
        )

        byline = ""
        if rand() < 0.65:
            first_name = words.FIRST_NAMES[int(rand() * len(words.FIRST_NAMES))]
            byline = f"By {first_name} {words.LAST_NAMES[int(rand() * len(words.LAST_NAMES))]}"
        published = START + timedelta(seconds=int(rand() * self.span_seconds))
        created = published + timedelta(seconds=60 + int(rand() * 3_540))
        edited = rand() < 0.25
        updated = created + timedelta(seconds=int(rand() * 30 * 86_400)) if edited else created
        slug = slugify(headline)[:200].strip("-") or "article"
        language = "en" if rand() < 0.95 else ("fr", "de", "es", "pt")[int(rand() * 4)]
        canonical_url = None
        if rand() < 0.8:
            canonical_url = (
                f"https://www.{source.domain}/{published:%Y/%m}/{slug[:80]}-{article_id}"
            )
        external_id = None
        if rand() < 0.6:
            external_id = f"{source.slug[:12].upper()}-{article_id:09d}"
        related_stories = [
            {
                "section": cat.sections[int(rand() * len(cat.sections))].name,
                "headline": self.unplaced_headlines[int(rand() * len(self.unplaced_headlines))],
                "source": source.name,
            }
            for _ in range((0, 0, 1, 1, 2)[int(rand() * 5)])
        ]
        tags = self._tags(rand, article_id, places, city, headline, dateline, body, created)
        article = (
            article_id, headline, slug, byline, dateline, summary, body,
            json.dumps(related_stories), language, canonical_url, external_id,
            _flat_hash(headline, "".join(flat)), 2 if edited else 1, published, created, updated,
            city.id if city is not None else None, section.id, source.id,
        )  # fmt: skip
        related = []
        floor = article_id
        if related_floor is not None:
            floor = max(related_floor, article_id - RELATED_WINDOW)
        if article_id > floor and rand() < 0.25:
            wanted = min(article_id - floor, 1 + int(rand() * 3))
            for other in rng.sample(range(floor, article_id), wanted):
                related += [(article_id, other), (other, article_id)]
        return GeneratedArticle(article, tags, related, vector_units)

    def _tags(self, rand, article_id, places, city, headline, dateline, body, created):
        tags = []
        for position, place in enumerate(places):
            name = place.name
            quoted = self.place_json.get(place.id)
            if quoted is None:
                quoted = self.place_json[place.id] = _json_string(name)
            size = len(name)
            spans = []
            in_dateline = place is city and bool(dateline)
            if in_dateline:
                spans.append(("dateline", 0))
            in_headline = headline.find(name)
            if in_headline >= 0:
                spans.append(("headline", in_headline))
            at = body.find(name)
            in_body = at >= 0
            in_text = 0
            while at >= 0 and len(spans) < 6:
                spans.append(("body", at))
                in_text += 1
                at = body.find(name, at + size)
            if at >= 0:  # more than the spans kept
                in_text = body.count(name)
            mentions = ", ".join(
                f'{{"role": "{role}", "start": {start}, "end": {start + size}, "text": {quoted}}}'
                for role, start in spans
            )
            if position == 0:
                relevance = 0.85 + 0.15 * rand()
            elif place is city:
                relevance = 0.7 + 0.25 * rand()
            else:
                relevance = 0.2 + 0.6 * rand() / position
            manual = rand() < 0.05
            tags.append(
                (
                    article_id, place.id, "manual" if manual else "automatic",
                    position == 0 or place is city or rand() < 0.1,
                    round(relevance, 4), 1.0 if manual else round(0.6 + 0.4 * rand(), 4),
                    in_text + (in_headline >= 0) + in_dateline, in_dateline,
                    in_headline >= 0, in_body, f"[{mentions}]", TAGGER_VERSION, created,
                )
            )  # fmt: skip
        return tags

    def wire_copy(self, number: int) -> str:
        """Raw wire copy, laid out as agencies send it, for the ingestion benchmarks."""
        generated = self.article(COPY_INDEX_OFFSET + number)
        headline, dateline = generated.field("headline"), generated.field("dateline")
        body = generated.field("body")
        section_id, source_id = generated.field("section_id"), generated.field("source_id")
        section = next(s.name for s in self.catalogue.sections if s.id == section_id)
        source = next(s.name for s in self.catalogue.sources if s.id == source_id)
        first, _, rest = body.partition("\n\n")
        lead = f"{dateline} ({source}) - {first}" if dateline else f"({source}) - {first}"
        byline = generated.field("byline")
        header = [section, "", headline, ""] + ([byline, ""] if byline else [])
        return "\n".join([*header, lead, "", rest, ""])


def content_hash(headline: str, body: str) -> str:
    """The product's identity of the copy, for generated text: runs of whitespace are
    single spaces apart from the paragraph breaks, so no regular expression is needed."""
    return _flat_hash(headline, _flat(body))


def _flat(text: str) -> str:
    return text.replace("\n\n", " ")


def _flat_hash(headline: str, flat_body: str) -> str:
    normalised = f"{headline} {flat_body}".strip().casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


# --- search vectors ------------------------------------------------------------------------

SEARCH_CONFIG = "english"  # the trigger's (articles/migrations/0002_postgres_search.py)
MAX_POSITION = 16_383  # PostgreSQL caps positions here, and keeps at most 255 positions
MAX_POSITIONS = 255  # of a lexeme in to_tsvector's result (256 after ||)
WEIGHTS = np.array([3 << 14, 2 << 14, 1 << 14], np.int32)  # A headline, B summary, C body
INT = np.int32


class SearchVectors:
    """Search vectors identical to the trigger's, `setweight(to_tsvector(headline), 'A') ||
    setweight(to_tsvector(summary), 'B') || setweight(to_tsvector(body), 'C')`, assembled
    from lexemes that PostgreSQL computed once for each piece of text.

    Generated text is a sequence of units (pooled sentences, template text around a place
    name, place names, a summary's cut last sentence) that meet at whitespace, so the parser
    reads a unit alone exactly as within the article. A unit keeps its lexemes with their
    positions and the number of positions it consumes (stop words take positions too).
    Within a field a unit's positions follow what the units before it consumed, and `||`
    shifts each field by the largest position of the fields before it. An article that
    would reach PostgreSQL's caps (MAX_POSITION, MAX_POSITIONS) gets None instead: the
    trigger computes that one. tests/bench/test_search_vectors.py holds the equality.
    """

    REFERENCE = 0  # the unit of an article's reference number, a lexeme of its own
    SENTINEL = "qqxzq"  # appended to a unit: its position tells what the unit consumed

    def __init__(self):
        self.unit_ids: dict[str, int] = {}
        self.pending: list[str] = []
        self.lexeme_ids: dict[str, int] = {"": 0}  # 0 stands for the reference number
        self.lexemes: list[bytes] = [b""]
        # Per unit (the REFERENCE unit first): positions consumed, largest position, where
        # its lexemes start and how many there are; then per lexeme of a unit, in order.
        self.consumed, self.largest = np.ones(1, INT), np.ones(1, INT)
        self.first, self.size = np.zeros(1, INT), np.ones(1, INT)
        self.lexeme, self.position = np.zeros(1, INT), np.ones(1, INT)

    def unit(self, text: str) -> int:
        """The id of a piece of text; its lexemes are fetched by the next `resolve`."""
        unit = self.unit_ids.get(text)
        if unit is None:
            unit = self.unit_ids[text] = len(self.unit_ids) + 1
            self.pending.append(text)
        return unit

    def resolve(self, cursor) -> None:
        """Ask PostgreSQL for the lexemes of the units added since the last call."""
        if not self.pending:
            return
        texts, self.pending = self.pending, []
        cursor.execute(
            "SELECT t.n, v.lexeme, v.positions FROM unnest(%s::text[]) WITH ORDINALITY"
            f" AS t(text, n), unnest(to_tsvector('{SEARCH_CONFIG}', t.text || ' ' || %s)) v",
            [texts, self.SENTINEL],
        )
        units = [[] for _ in texts]
        consumed = np.zeros(len(texts), INT)
        for number, lexeme, positions in cursor.fetchall():
            if lexeme == self.SENTINEL:
                (end,) = positions  # a unit containing the sentinel itself would fail here
                consumed[number - 1] = end - 1
                continue
            lexeme_id = self.lexeme_ids.get(lexeme)
            if lexeme_id is None:
                lexeme_id = self.lexeme_ids[lexeme] = len(self.lexemes)
                self.lexemes.append(lexeme.encode())
            units[number - 1] += [(lexeme_id, position) for position in positions]
        sizes = np.fromiter(map(len, units), INT, len(units))
        pairs = np.array([pair for unit in units for pair in unit], INT).reshape(-1, 2)
        starts = np.cumsum(sizes, dtype=INT) - sizes
        largest = np.zeros(len(units), INT)
        largest[sizes > 0] = np.maximum.reduceat(pairs[:, 1], starts[sizes > 0])
        self.consumed = np.concatenate([self.consumed, consumed])
        self.largest = np.concatenate([self.largest, largest])
        self.first = np.concatenate([self.first, starts + len(self.lexeme)])
        self.size = np.concatenate([self.size, sizes])
        self.lexeme = np.concatenate([self.lexeme, pairs[:, 0]])
        self.position = np.concatenate([self.position, pairs[:, 1]])

    def build(self, articles) -> list[bytes | None]:
        """tsvectors in COPY's binary format for [(headline units, summary units, body
        units, reference number)], whose units are resolved."""
        # A thousand at a time: the arrays stay small enough to be reused, not paged in.
        return [
            vector
            for at in range(0, len(articles), 1_000)
            for vector in self._build(articles[at : at + 1_000])
        ]

    def _build(self, articles) -> list[bytes | None]:
        fields = [units for article in articles for units in article[:3]]
        lengths = np.fromiter(map(len, fields), INT, len(fields))
        unit = np.fromiter(chain.from_iterable(fields), INT, lengths.sum())
        field = np.repeat(np.arange(len(fields), dtype=INT), lengths)  # article * 3 + 0, 1, 2
        # A unit starts after what the units before it in its field consumed...
        consumed = self.consumed[unit]
        start = np.cumsum(consumed, dtype=INT) - consumed
        field_start = np.cumsum(lengths, dtype=INT) - lengths
        start -= np.repeat(start[np.minimum(field_start, len(start) - 1)], lengths)
        # ...and `||` shifts a field by the largest position of the fields before it.
        largest = self.largest[unit]
        top = np.where(largest > 0, start + largest, 0)
        field_largest = np.zeros(len(fields), INT)
        field_largest[lengths > 0] = np.maximum.reduceat(top, field_start[lengths > 0])
        headline, summary, _ = field_largest.reshape(-1, 3).T
        shifts = np.stack([np.zeros_like(headline), headline, headline + summary], 1)
        start += shifts.ravel()[field]
        capped = np.zeros(len(articles), bool)
        capped[field[start + largest > MAX_POSITION] // 3] = True
        # Every lexeme of every unit in text order, with its weighted position.
        sizes = self.size[unit]
        occurrence = _spans(self.first[unit], sizes)
        weighted = self.position[occurrence] + np.repeat(start + WEIGHTS[field % 3], sizes)
        article = np.repeat(field // 3, sizes)
        lexeme, texts = self._with_references(articles, self.lexeme[occurrence], article)
        # Grouped by article and lexeme in PostgreSQL's (byte) order, positions ascending.
        by_rank = np.array(sorted(range(len(texts)), key=texts.__getitem__), INT)
        rank = np.empty(len(texts), INT)
        rank[by_rank] = np.arange(len(texts), dtype=INT)
        wide = len(articles) * len(texts) >= 2**31  # then the key needs 64 bits
        key = article.astype(np.int64 if wide else INT) * len(texts) + rank[lexeme]
        order = np.argsort(key, kind="stable")
        key, weighted = key[order], weighted[order]
        group = np.flatnonzero(np.diff(key, prepend=-1))
        counts = np.diff(group, append=len(key)).astype(INT)
        article, lexeme = np.divmod(key[group], len(texts))
        capped[article[counts > MAX_POSITIONS]] = True
        vectors = _encode(len(articles), article, by_rank[lexeme], counts, weighted, texts)
        return [None if capped[n] else vector for n, vector in enumerate(vectors)]

    def _with_references(self, articles, lexeme, article) -> tuple:
        """Each article's reference number in place of the REFERENCE unit's lexeme."""
        texts = list(self.lexemes)
        references = []
        for *_, reference in articles:
            known = self.lexeme_ids.get(reference)
            if known is None:
                known = len(texts)
                texts.append(reference.encode())
            references.append(known)
        is_reference = lexeme == 0
        lexeme[is_reference] = np.array(references, INT)[article[is_reference]]
        return lexeme, texts


def _spans(starts, lengths):
    """The indices of the spans [start, start + length), one after the other."""
    ends = np.cumsum(lengths, dtype=INT)
    total = ends[-1] if len(ends) else 0
    return np.repeat(starts - ends + lengths, lengths) + np.arange(total, dtype=INT)


def _encode(count, article, lexeme, counts, weighted, texts) -> list[bytes]:
    """tsvector's binary format: the number of lexemes, then each lexeme NUL-terminated,
    its number of positions and its positions (weight in the top two bits), big-endian."""
    text_sizes = np.fromiter(map(len, texts), INT, len(texts)) + 1
    text_at = np.cumsum(text_sizes, dtype=INT) - text_sizes
    all_texts = np.frombuffer(b"\0".join(texts) + b"\0", np.uint8)
    sizes = text_sizes[lexeme]
    per_lexeme = sizes + 2 + 2 * counts
    article_sizes = np.bincount(article, per_lexeme, count).astype(INT) + 4
    ends = np.cumsum(article_sizes, dtype=INT)
    at = np.cumsum(per_lexeme, dtype=INT) - per_lexeme + 4 * (article + 1)
    out = np.empty(ends[-1], np.uint8)
    heads = _spans(ends - article_sizes, np.full(count, 4, INT))
    out[heads] = np.bincount(article, minlength=count).astype(">u4").view(np.uint8)
    into = _spans(at, sizes)
    out[into] = all_texts[into + np.repeat(text_at[lexeme] - at, sizes)]
    at += sizes
    out[_spans(at, np.full(len(at), 2, INT))] = counts.astype(">u2").view(np.uint8)
    out[_spans(at + 2, 2 * counts)] = weighted.astype(">u2").view(np.uint8)
    data = out.tobytes()
    return [data[end - size : end] for end, size in zip(ends, article_sizes, strict=True)]


# --- loading -------------------------------------------------------------------------------


def chunks(first_id: int, size: int, chunk: int = CHUNK) -> list[tuple[int, int]]:
    return [
        (start, min(start + chunk, first_id + size))
        for start in range(first_id, first_id + size, chunk)
    ]


def copy_chunk(conn, generator: Generator, start: int, stop: int) -> dict:
    """COPY articles [start, stop) with their search vectors, tags and related pairs through
    one psycopg connection, in the caller's transaction. Returns row counts and seconds per
    step."""
    began = time.perf_counter()
    generated = [generator.article(article_id, start) for article_id in range(start, stop)]
    timings = {"generate_s": time.perf_counter() - began}
    began = time.perf_counter()
    with conn.cursor() as cursor:
        generator.vectors.resolve(cursor)
    vectors = generator.vectors.build([g.vector_units for g in generated])
    timings["search_vectors_s"] = time.perf_counter() - began
    tables = [
        (
            "articles_article",
            (*ARTICLE_COLUMNS, "search_vector"),
            (*ARTICLE_TYPES, "tsvector"),
            [(*g.article, vector) for g, vector in zip(generated, vectors, strict=True)],
        ),
        ("articles_articleregion", TAG_COLUMNS, TAG_TYPES, [t for g in generated for t in g.tags]),
        (
            "articles_article_related_articles",
            RELATED_COLUMNS,
            RELATED_TYPES,
            [r for g in generated for r in g.related],
        ),
    ]
    counts = {}
    with conn.cursor() as cursor:
        for table, columns, types, rows in tables:
            began = time.perf_counter()
            copy_rows(cursor, table, columns, types, rows)
            timings[f"{table}_s"] = time.perf_counter() - began
            counts[table] = len(rows)
    return {"rows": counts, "seconds": timings}


def copy_rows(cursor, table: str, columns, types, rows) -> None:
    """Binary COPY: PostgreSQL reads it faster than text, a search vector most of all."""
    cursor.adapters.register_dumper(None, _TsvectorDumper)
    cursor.adapters.register_dumper(None, _JsonTextDumper)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT binary)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


class _TsvectorDumper(Dumper):
    """A search vector built by SearchVectors, already in tsvector's binary format."""

    format = pq.Format.BINARY
    oid = 3614  # tsvector

    def dump(self, obj):
        return obj


class _JsonTextDumper(Dumper):
    """JSON text as jsonb's binary format: a version byte, then the text."""

    format = pq.Format.BINARY
    oid = 3802  # jsonb

    def dump(self, obj):
        return b"\x01" + obj.encode()


def advance_sequences(cursor) -> None:
    """Explicit ids were written: move the identity sequences past them."""
    for table in (
        "articles_article",
        "articles_articleregion",
        "articles_article_related_articles",
    ):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" GREATEST((SELECT MAX(id) FROM {table}), 1))"
        )


_worker: dict = {}


def _start_worker(dsn: str) -> None:
    import psycopg

    _worker["conn"] = psycopg.connect(dsn)


def _load_chunk(bounds: tuple[int, int]) -> dict:
    conn = _worker["conn"]
    with conn.transaction():
        result = copy_chunk(conn, _worker["generator"], *bounds)
        began = time.perf_counter()
    # The deferred foreign keys are checked at commit.
    result["seconds"]["commit_s"] = time.perf_counter() - began
    return result


def _copy_in_parallel(dsn, generator, bounds, processes, log, began) -> dict:
    """Rows and seconds per step, summed over the chunks. The processes fork from this
    one and inherit the generator, the lexemes of its pools already fetched."""
    totals = {"rows": {}, "seconds": {}}
    _worker["generator"] = generator
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes, _start_worker, (dsn,)) as pool:
            for done, result in enumerate(pool.imap_unordered(_load_chunk, bounds), 1):
                for kind in ("rows", "seconds"):
                    for key, value in result[kind].items():
                        totals[kind][key] = totals[kind].get(key, 0) + value
                if log is not None and (done % 10 == 0 or done == len(bounds)):
                    elapsed = time.perf_counter() - began
                    loaded = totals["rows"]["articles_article"]
                    log(f"  {loaded:,} articles in {elapsed:.1f} s ({loaded / elapsed:,.0f}/s)")
    finally:
        _worker.pop("generator")
    return totals


def load(dsn: str, size: int, *, seed: int = DEFAULT_SEED, processes: int | None = None,
         chunk: int = CHUNK, log=None) -> dict:  # fmt: skip
    """Load `size` articles with `processes` parallel COPY streams; returns the statistics.
    Rows per second count every row of the three tables over the whole load, preparation
    included."""
    import psycopg

    processes = processes or os.cpu_count() or 1
    began = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
        catalogue = prepare(cursor)
        phases = {"catalogue": time.perf_counter() - began}
        generator = Generator(seed, catalogue)
        generator.vectors.resolve(cursor)
        phases["generator_and_lexemes"] = time.perf_counter() - began - phases["catalogue"]
    step = time.perf_counter()
    bounds = chunks(catalogue.next_id, size, chunk)
    totals = _copy_in_parallel(dsn, generator, bounds, processes, log, began)
    phases["copy"] = time.perf_counter() - step
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
        step = time.perf_counter()
        advance_sequences(cursor)
        phases["sequences"] = time.perf_counter() - step
    wall = time.perf_counter() - began
    rows = sum(totals["rows"].values())
    articles = totals["rows"].get("articles_article", 0)
    return {
        "articles": articles,
        "rows": totals["rows"],
        "rows_total": rows,
        "seconds": round(wall, 3),
        "catalogue_seconds": round(phases["catalogue"], 3),
        "phase_seconds": {phase: round(seconds, 3) for phase, seconds in phases.items()},
        "rows_per_s": round(rows / wall),
        "articles_per_s": round(articles / wall),
        "processes": processes,
        "chunk": chunk,
        "seed": seed,
        "search_vectors": "supplied by the loader, identical to the trigger's",
        # Seconds summed over the loader processes, per step: where the time goes.
        "process_seconds": {key: round(value, 3) for key, value in totals["seconds"].items()},
        "copy_rows_per_s_per_stream": {
            table: round(count / totals["seconds"][f"{table}_s"])
            for table, count in totals["rows"].items()
            if count and totals["seconds"].get(f"{table}_s")
        },
    }


def measure_trigger(dsn: str, sample: int, *, seed: int = DEFAULT_SEED, repeats: int = 2) -> dict:
    """Where the article COPY time goes, side by side in one stream: the same articles
    COPYed into a copy of the article table (same columns, constraints and indexes) with
    (a) no search-vector trigger, (b) the trigger but no GIN index, (c) both, as in the
    product, and (d) both, the loader supplying the vectors as `load` does. Each variant
    runs `repeats` times, interleaved; the fastest run counts."""
    import psycopg

    table = "bench_trigger_probe"
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
        catalogue = prepare(cursor)
        generator = Generator(seed, catalogue)
        generated = [generator.article(2_000_000_000 + n) for n in range(sample)]
        generator.vectors.resolve(cursor)
        vectors = generator.vectors.build([g.vector_units for g in generated])
        rows = {
            False: [(*g.article, None) for g in generated],
            True: [(*g.article, v) for g, v in zip(generated, vectors, strict=True)],
        }
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TABLE {table} (LIKE articles_article INCLUDING DEFAULTS"
            " INCLUDING CONSTRAINTS INCLUDING INDEXES)"
        )
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%USING gin%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        variants = {"no_trigger": (False, True, False), "trigger_no_gin": (True, False, False),
                    "trigger_and_gin": (True, True, False),
                    "vector_supplied": (True, True, True)}  # fmt: skip
        best = dict.fromkeys(variants, math.inf)
        columns, types = (*ARTICLE_COLUMNS, "search_vector"), (*ARTICLE_TYPES, "tsvector")
        try:
            for _ in range(repeats):
                for variant, (trigger, gin, supplied) in variants.items():
                    cursor.execute(f"TRUNCATE {table}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS probe_search ON {table}")
                    cursor.execute("DROP INDEX IF EXISTS bench_trigger_probe_gin")
                    if trigger:
                        cursor.execute(
                            f"CREATE TRIGGER probe_search BEFORE INSERT ON {table}"
                            " FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()"
                        )
                    if gin:
                        cursor.execute(
                            f"CREATE INDEX bench_trigger_probe_gin ON {table}"
                            " USING gin (search_vector)"
                        )
                    began = time.perf_counter()
                    with conn.transaction():
                        copy_rows(cursor, table, columns, types, rows[supplied])
                    best[variant] = min(best[variant], time.perf_counter() - began)
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    full = best["trigger_and_gin"]
    return {
        "sample_articles": sample,
        "articles_per_s": {variant: round(sample / seconds) for variant, seconds in best.items()},
        "share_of_article_copy_time": {
            "to_tsvector_trigger": round((best["trigger_no_gin"] - best["no_trigger"]) / full, 3),
            "gin_index_maintenance": round((full - best["trigger_no_gin"]) / full, 3),
            "rest_of_copy": round(best["no_trigger"] / full, 3),
        },
    }


def load_with_orm(size: int, *, seed: int = DEFAULT_SEED) -> dict:
    """The same rows through Django's ORM (bulk_create), for databases without COPY."""
    from django.db import connection, transaction

    from articles.models import Article, ArticleRegion

    related_model = Article.related_articles.through
    with transaction.atomic():
        with connection.cursor() as cursor:
            catalogue = prepare(cursor)
        generator = Generator(seed, catalogue)
        start = catalogue.next_id
        generated = [generator.article(pk, start) for pk in range(start, start + size)]
        Article.objects.bulk_create(
            [Article(**_fields(ARTICLE_COLUMNS, g.article)) for g in generated]
        )
        tags = [ArticleRegion(**_fields(TAG_COLUMNS, t)) for g in generated for t in g.tags]
        ArticleRegion.objects.bulk_create(tags)
        related = [
            related_model(**dict(zip(RELATED_COLUMNS, r, strict=True)))
            for g in generated
            for r in g.related
        ]
        related_model.objects.bulk_create(related)
    return {"articles": len(generated), "tags": len(tags), "related": len(related)}


def _fields(columns, row) -> dict:
    return {
        name: json.loads(value) if name in JSON_COLUMNS else value
        for name, value in zip(columns, row, strict=True)
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--processes", type=int, default=os.cpu_count())
    parser.add_argument("--dsn", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args(argv)
    if not args.dsn.startswith(("postgres://", "postgresql://")):
        parser.error("a PostgreSQL DATABASE_URL (or --dsn) is needed for COPY")
    stats = load(args.dsn, args.size, seed=args.seed, processes=args.processes, log=print)
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
