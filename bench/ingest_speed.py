"""In-process ingestion speed: batches of raw wire copy through the bulk path.

    DATABASE_URL=... python bench/ingest_speed.py [--batches 10] [--size 100] [--import]

Migrates and loads the regions when the database lacks them, warms up with one batch
(the gazetteer, the tagger's lexicon and the language model load on first use), then
ingests new generated copy (`datagen.Generator.wire_copy`, numbered past every stored
article, so nothing is a duplicate) through `articles.bulk.ingest_batch`, the function
behind POST /articles/bulk/ and `import_articles`. Reports articles per second, queries
per article, and the share of that time spent parsing and tagging (pure CPU, measured
separately on the same copy). With `--import`, times `manage.py import_articles` over a
JSON Lines file of such copy instead. No HTTP: the figures are the service's own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapi.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402

from articles.bulk import ingest_batch  # noqa: E402
from articles.ingestion.service import parse_copy, tag_parsed  # noqa: E402
from articles.models import Article, Region, Section, Source  # noqa: E402
from bench import datagen, vocabulary  # noqa: E402


class QueryCounter:
    """Counts the statements sent to the database, at next to no cost per statement."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def prepared_database() -> None:
    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        call_command("load_regions", stdout=StringIO())


def copy_source(seed: int):
    """A function count -> raw copies, numbered past the largest stored article id."""
    generator = datagen.Generator(seed, catalogue())
    first = (Article.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    numbers = iter(range(first, first + 10**9))
    return lambda count: [generator.wire_copy(next(numbers)) for _ in range(count)]


def catalogue() -> datagen.Catalogue:
    """datagen's sources, sections and places. The sources and sections are created through
    the models, which fill every column (datagen's raw inserts name only some), and
    datagen then only reads them."""
    for name, slug, _weight in vocabulary.SECTIONS:
        Section.objects.get_or_create(slug=slug, defaults={"name": name})
    for name, slug, kind, _iso2, domain, language, _weight in vocabulary.SOURCES:
        homepage = f"https://www.{domain}/"
        Source.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "homepage": homepage, "language": language},
        )
    with connection.cursor() as cursor:
        return datagen.prepare(ReadsOnly(cursor))


class ReadsOnly:
    """A cursor that skips INSERT statements and passes everything else on."""

    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, params=None):
        if not sql.lstrip().upper().startswith("INSERT"):
            self.cursor.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.cursor, name)


def bulk_speed(copies, batches: int, size: int) -> dict:
    ingest_batch([{"text": text} for text in copies(size)])  # warm-up, not counted
    work = [[{"text": text} for text in copies(size)] for _ in range(batches)]
    counter, outcomes = QueryCounter(), {"created": 0, "duplicates": 0, "failed": 0}
    began = time.perf_counter()
    with connection.execute_wrapper(counter):
        for items in work:
            report = ingest_batch(items)
            for name in outcomes:
                outcomes[name] += report[name]
    seconds = time.perf_counter() - began
    articles = batches * size
    return {
        "articles": articles,
        **outcomes,
        "seconds": round(seconds, 3),
        "articles_per_s": round(articles / seconds, 1),
        "queries_per_article": round(counter.count / articles, 2),
        "queries_per_batch": round(counter.count / batches, 1),
        "parse_and_tag_ms_per_article": parse_and_tag_ms(copies(size)),
    }


def parse_and_tag_ms(texts: list[str]) -> float:
    """Parsing, language identification and tagging alone, per article."""
    began = time.perf_counter()
    for text in texts:
        tag_parsed(parse_copy(text))
    return round((time.perf_counter() - began) * 1000 / len(texts), 2)


def import_speed(copies, batches: int, size: int) -> dict:
    call_command("import_articles", "--quiet", _jsonl(copies(size)), stdout=StringIO())  # warm-up
    path = _jsonl(copies(batches * size))
    began = time.perf_counter()
    call_command("import_articles", "--quiet", path, stdout=(out := StringIO()))
    seconds = time.perf_counter() - began
    os.unlink(path)
    articles = batches * size
    return {
        "articles": articles,
        "seconds": round(seconds, 3),
        "articles_per_s": round(articles / seconds, 1),
        "report": out.getvalue().splitlines()[0],
    }


def _jsonl(texts: list[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as file:
        file.writelines(json.dumps({"text": text}) + "\n" for text in texts)
    return file.name


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", type=int, default=10, help="Timed batches.")
    parser.add_argument("--size", type=int, default=100, help="Items per batch.")
    parser.add_argument("--seed", type=int, default=datagen.DEFAULT_SEED)
    parser.add_argument(
        "--import", dest="command", action="store_true", help="Time import_articles instead."
    )
    args = parser.parse_args(argv)
    prepared_database()
    copies = copy_source(args.seed)
    measure = import_speed if args.command else bulk_speed
    result = {"database": connection.vendor, **measure(copies, args.batches, args.size)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
