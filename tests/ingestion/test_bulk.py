"""Batches: validated and parsed item by item, stored together, reported item by item."""

import hashlib
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from articles import services
from articles.bulk import ingest_batch
from articles.ingestion import service
from articles.ingestion.service import ingest_copy, parse_copy
from articles.management.commands import import_articles
from articles.models import Article, ArticleRegion, ContentState, Section, Source, TagMethod

PUBLISHED = "2026-01-01T00:00:00Z"
DEMO = sorted((Path(__file__).resolve().parents[2] / "articles" / "demo" / "copy").glob("*.txt"))


def copy(number: int) -> str:
    """A demo story made distinct by a sentence added to its first paragraph."""
    text = DEMO[number % len(DEMO)].read_text()
    first = parse_copy(text).paragraphs[0]
    return text.replace(first, f"{first} Filed as item {number}.", 1)


def raw(*numbers) -> list[dict]:
    return [{"text": copy(number)} for number in numbers]


def structured(headline, **fields) -> dict:
    return {"headline": headline, "body": f"{headline}.", "published_at": PUBLISHED, **fields}


def outcomes(report) -> list[tuple[str, int | None]]:
    return [(result["outcome"], result["id"]) for result in report["results"]]


@pytest.fixture
def in_one_go(monkeypatch):
    """Fails the test if a batch is stored one by one (as after losing a race) instead."""

    def fail(fields):
        pytest.fail("the batch was stored one by one")

    monkeypatch.setattr(service, "_one_by_one", fail)


@pytest.mark.django_db
def test_copies_repeated_within_a_batch_are_stored_once(in_one_go):
    report = ingest_batch([*raw(1, 2, 1), {"text": copy(2).upper()}])
    (first, one), (second, two), (third, three), (fourth, four) = outcomes(report)
    assert (first, second, third, fourth) == ("created", "created", "duplicate", "duplicate")
    assert (three, four) == (one, two)
    assert (report["created"], report["duplicates"], report["failed"]) == (2, 2, 0)
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_items_naming_the_same_url_or_source_id_in_one_batch_are_one_article(in_one_go):
    Source.objects.create(name="Wire", slug="wire")
    items = [
        structured("First", canonical_url="https://example.com/a"),
        structured("Second", canonical_url="https://example.com/a"),
        structured("Third", source="wire", external_id="x-1"),
        structured("Fourth", source="wire", external_id="x-1"),
        structured("Fifth", external_id="x-1"),  # no source: not the same as Wire's x-1
    ]
    report = ingest_batch(items)
    ids = [article_id for _, article_id in outcomes(report)]
    assert [result["outcome"] for result in report["results"]] == [
        "created", "duplicate", "created", "duplicate", "created"
    ]  # fmt: skip
    assert (ids[1], ids[3]) == (ids[0], ids[2])
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_a_stored_article_wins_over_an_earlier_item_of_the_batch():
    stored = ingest_copy(copy(3)).article
    url = "https://example.com/n"
    again = {"text": copy(3), "canonical_url": url}  # the stored copy, and the new item's URL
    report = ingest_batch([structured("New", canonical_url=url), again])
    assert outcomes(report)[1] == ("duplicate", stored.pk)


@pytest.mark.django_db
def test_failing_items_leave_nothing_behind_and_the_others_are_stored():
    items = [
        *raw(1),
        {"text": "Sport\n\nHeadline Without Any Body\n"},
        structured("Unknown region", regions=["atlantis"]),
        {"text": "LONDON (Nowhere News) - Talks resumed on Monday, officials said.\n"},
        {"text": copy(5), "section": "no-such-section"},
        *raw(2),
    ]
    report = ingest_batch(items)
    assert [result["outcome"] for result in report["results"]] == [
        "created", "error", "error", "error", "error", "created"
    ]  # fmt: skip
    fields = [[e["field"] for e in result.get("errors", [])] for result in report["results"]]
    assert fields == [[], ["body"], ["regions.0"], ["headline"], ["section"], []]
    stored = Article.objects.order_by("pk")
    assert [article.pk for article in stored] == [report["results"][i]["id"] for i in (0, 5)]
    assert not Source.objects.filter(slug="nowhere-news").exists()
    assert set(ArticleRegion.objects.values_list("article", flat=True)) <= {a.pk for a in stored}


@pytest.mark.django_db
def test_a_batch_stores_what_one_by_one_ingestion_stores():
    alone = ingest_copy(copy(0)).article
    expected = (_stored(alone), _tags(alone))
    Article.objects.all().delete()
    report = ingest_batch(raw(5, 0, 7))
    in_batch = Article.objects.get(pk=report["results"][1]["id"])
    assert (_stored(in_batch), _tags(in_batch)) == expected


STORED_FIELDS = ["headline", "slug", "body", "summary", "byline", "dateline", "language",
                 "related_stories", "content_hash", "source_id", "section_id",
                 "dateline_region_id"]  # fmt: skip


def _stored(article):
    article.refresh_from_db()
    return {name: getattr(article, name) for name in STORED_FIELDS}


def _tags(article):
    return sorted(
        ArticleRegion.objects.filter(article=article).values_list(
            "region__slug", "method", "is_main", "relevance", "confidence", "mentions"
        )
    )


@pytest.mark.django_db
def test_manual_regions_and_related_articles_of_a_batch_are_stored(world):
    earlier = ingest_copy(copy(4)).article
    report = ingest_batch([
        structured("Border talks", regions=["armenia", "armenia"], related_articles=[earlier.pk]),
        structured("Talks in Baku", regions=["azerbaijan"]),
    ])  # fmt: skip
    first, second = (Article.objects.get(pk=result["id"]) for result in report["results"])
    manual = first.region_tags.get(region__slug="armenia")
    assert (manual.method, manual.is_main) == (TagMethod.MANUAL, True)
    assert list(second.region_tags.filter(region__slug="azerbaijan").values_list("method")) == [
        (TagMethod.MANUAL,)
    ]
    assert second.region_tags.get(region__slug="baku").method == TagMethod.AUTOMATIC
    assert list(first.related_articles.all()) == [earlier]
    assert list(earlier.related_articles.all()) == [first]  # symmetric


@pytest.mark.django_db
def test_sources_and_sections_named_in_a_batch_are_created_once():
    ingest_batch(raw(0, 12, 2))  # two Reuters stories, filed under World and Business
    assert Source.objects.filter(slug="reuters").count() == 1
    assert sorted(Section.objects.values_list("slug", flat=True)) == ["business", "world"]
    assert set(Article.objects.values_list("source__slug", flat=True)) == {"reuters"}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 10, 100])
def test_the_queries_of_a_batch_do_not_grow_with_its_size(size, django_assert_max_num_queries):
    ingest_batch(raw(*range(1000, 1012)))  # sources, sections and regions exist afterwards
    items = raw(*range(size))
    # One query each for sources, sections, duplicates and regions, one insert per table
    # (articles, tags, change events, with the events' ordering lock on PostgreSQL), the
    # story assignment's look-up and writes (candidates, stories, fingerprints, bands), and
    # savepoints. Django lets SQLite bind at most 999 values per statement, so there a
    # batch of 100 splits its articles, tags and bands into more inserts.
    with django_assert_max_num_queries(20 if connection.vendor == "postgresql" else 32):
        report = ingest_batch(items)
    assert report["created"] == size


@pytest.mark.django_db
def test_a_stored_batch_bumps_the_content_version(django_capture_on_commit_callbacks):
    before = ContentState.objects.get(pk=1).version
    with django_capture_on_commit_callbacks(execute=True):
        ingest_batch(raw(1, 2, 3))
    assert ContentState.objects.get(pk=1).version == before + 1


@pytest.mark.django_db
def test_an_article_stored_by_another_writer_meanwhile_sends_the_batch_one_by_one(monkeypatch):
    plan = service._plan

    def plan_then_another_writer_stores(many):
        planned = plan(many)
        services.article_create(**many[1])  # after our look-up, before our insert
        return planned

    monkeypatch.setattr(service, "_plan", plan_then_another_writer_stores)
    report = ingest_batch(raw(1, 2, 3, 2))
    other = Article.objects.order_by("pk").first()
    assert [result["outcome"] for result in report["results"]] == [
        "created", "duplicate", "created", "duplicate"
    ]  # fmt: skip
    assert report["results"][1]["id"] == report["results"][3]["id"] == other.pk
    assert Article.objects.count() == 3


@pytest.mark.parametrize(
    ("first", "second"),
    [((1, 2, 3), (3, 2, 4)), (range(40), range(39, -1, -1))],
    ids=["overlapping", "in-opposite-orders"],  # the second deadlocks: PostgreSQL undoes one
)
def test_concurrent_batches_with_the_same_copy_create_it_once(
    first, second, monkeypatch, transactional_db
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a database with row locks and real connections")
    warm_up = ingest_batch(raw(*range(1000, 1012)))  # regions, sources and sections exist
    both_planned = threading.Barrier(2, timeout=30)
    create_many = services.articles_create_many

    def insert_together(drafts):
        if len(drafts) > 1:  # the batch insert, not the one-by-one fallback
            both_planned.wait()
        return create_many(drafts)

    monkeypatch.setattr(services, "articles_create_many", insert_together)

    def send(numbers):
        try:
            return dict(zip(numbers, outcomes(ingest_batch(raw(*numbers))), strict=True))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(send, [first, second]))
    numbers = {*first, *second}
    created = [
        n for report in reports for n, (outcome, _) in report.items() if outcome == "created"
    ]
    assert sorted(created) == sorted(numbers)
    for number in set(first) & set(second):
        assert reports[0][number][1] == reports[1][number][1]
    assert Article.objects.count() == len(numbers) + warm_up["created"]


@pytest.mark.django_db
def test_import_articles_stores_in_batches_and_reports_each_item_where_it_was(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(import_articles, "MAX_BULK_ITEMS", 2)
    first, second, third = (json.dumps({"text": copy(n)}) for n in range(3))
    (tmp_path / "a.jsonl").write_text("\n".join([first, "{broken", second, first, third]))
    (tmp_path / "b.json").write_text(json.dumps([{"headline": "No body"}]))
    out = StringIO()
    call_command("import_articles", str(tmp_path), "--quiet", stdout=out, stderr=StringIO())
    assert "Imported 2 files: 3 created, 1 duplicates, 2 failed." in out.getvalue()
    assert f"failed {tmp_path / 'a.jsonl'}:2: item: is not valid JSON" in out.getvalue()
    assert f"failed {tmp_path / 'b.json'}[0]: body: This field is required." in out.getvalue()
    assert Article.objects.count() == 3


@given(
    st.text(st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u3000ẞ"))
)
def test_the_content_hash_normalises_whitespace_as_it_always_has(text):
    headline, _, body = text.partition("\n")
    normalised = re.sub(r"\s+", " ", f"{headline}\n{body}").strip().casefold()
    assert services.content_hash(headline, body) == hashlib.sha256(normalised.encode()).hexdigest()
