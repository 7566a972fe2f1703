"""The benchmark harness (bench/) must not rot silently: its generator makes valid rows,
and the comparison systems answer what the API answers. Tiny data, nothing timed."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.ingestion.service import preview_copy
from articles.models import Article, ArticleRegion
from bench import ceiling, datagen, typical

SIZE = 20
SYSTEMS = ["/api/v1/", "/bench/baseline/", "/bench/drf-by-the-book/"]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.fixture
def loaded(world):
    """SIZE generated articles, tagged with the regions of the `world` slice."""
    datagen.load_with_orm(SIZE)
    return world


def test_generated_rows_are_valid(loaded):
    articles = list(Article.objects.order_by("id"))
    assert len(articles) == SIZE
    assert len({article.content_hash for article in articles}) == SIZE
    for article in articles:
        article.full_clean()
        # The same identity and derived fields the API would give this copy.
        assert article.content_hash == services.content_hash(article.headline, article.body)
        assert article.slug == services.headline_slug(article.headline)
        assert article.summary == article.body.split("\n\n", 1)[0][:500]
        assert datagen.MIN_WORDS <= len(article.body.split()) <= datagen.MAX_WORDS
        assert 0 <= article.region_tags.count() <= len(datagen.TAG_COUNT_WEIGHTS) - 1
    tags = list(ArticleRegion.objects.select_related("article", "region"))
    assert tags, "the generator tags articles with regions"
    for tag in tags:
        tag.full_clean()
        assert tag.region.kind in {"country", "city"}
        for mention in tag.mentions:
            text = {"headline": tag.article.headline, "body": tag.article.body}
            if mention["role"] in text:
                span = text[mention["role"]][mention["start"] : mention["end"]]
                assert span == mention["text"]


def test_generation_is_deterministic(world):
    with connection.cursor() as cursor:
        catalogue = datagen.prepare(cursor)
    first = datagen.Generator(datagen.DEFAULT_SEED, catalogue)
    second = datagen.Generator(datagen.DEFAULT_SEED, catalogue)
    assert first.article(7).article == second.article(7).article
    assert first.article(7).article != first.article(8).article


def test_copy_loader(world):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; the ORM loader covers the same rows everywhere")
    with connection.cursor() as cursor:
        catalogue = datagen.prepare(cursor)
    generator = datagen.Generator(datagen.DEFAULT_SEED, catalogue)
    start = catalogue.next_id
    result = datagen.copy_chunk(connection.connection, generator, start, start + SIZE)
    with connection.connection.cursor() as cursor:
        datagen.advance_sequences(cursor)
    assert result["rows"]["articles_article"] == SIZE
    assert Article.objects.count() == SIZE
    assert ArticleRegion.objects.count() == result["rows"]["articles_articleregion"]
    # The search-vector trigger ran for rows that came in through COPY.
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    expected = generator.article(start + 3, start)
    stored = Article.objects.get(pk=start + 3)
    assert stored.headline == expected.field("headline")
    assert stored.content_hash == expected.field("content_hash")
    # The identity sequence moved past the explicit ids.
    new = Article.objects.create(
        headline="After the load", body="Text.", published_at=stored.published_at, content_hash="x"
    )
    assert new.pk > start + SIZE - 1


def _items(response):
    payload = json.loads(response.content)
    return payload.get("results", payload) if isinstance(payload, dict) else payload


def test_systems_return_the_same_first_page(loaded, api):
    ceiling._responses.clear()
    pages, counts = {}, {}
    for prefix in SYSTEMS:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(prefix + "articles/?page_size=10")
        assert response.status_code == 200, response.content
        pages[prefix], counts[prefix] = _items(response), len(queries)
    ids = [item["id"] for item in pages["/api/v1/"]]
    assert len(ids) == 10
    for prefix in SYSTEMS[1:]:
        assert [item["id"] for item in pages[prefix]] == ids
        assert pages[prefix] == pages["/api/v1/"]
    assert counts["/bench/baseline/"] > counts["/bench/drf-by-the-book/"]
    assert (
        api.get("/bench/ceiling/articles/?page_size=10").content
        == api.get("/api/v1/articles/?page_size=10").content
    )


def test_systems_return_the_same_detail(loaded, api):
    article = Article.objects.filter(region_tags__isnull=False).first()
    details = [_items(api.get(f"{prefix}articles/{article.pk}/")) for prefix in SYSTEMS]
    assert details[0]["id"] == article.pk
    assert details[1] == details[0]
    assert details[2] == details[0]


def test_the_api_never_imports_the_harness():
    root = Path(__file__).resolve().parents[2]
    for package in ("articles", "newsapi"):
        for source in (root / package).rglob("*.py"):
            text = source.read_text()
            assert "from bench" not in text, source
            assert "import bench" not in text, source
    assert typical.ArticleViewSet.__module__ == "bench.typical"


def test_wire_copy_parses(world):
    """The ingestion benchmarks send generated wire copy: the API must read it as intended."""
    with connection.cursor() as cursor:
        generator = datagen.Generator(datagen.DEFAULT_SEED, datagen.prepare(cursor))
    number = next(n for n in range(1, 50) if generator.article(datagen.COPY_INDEX_OFFSET + n).tags)
    expected = generator.article(datagen.COPY_INDEX_OFFSET + number)
    preview = preview_copy(generator.wire_copy(number))
    assert preview["headline"] == expected.field("headline")
    assert preview["source_name"] in {source.name for source in generator.catalogue.sources}
    words = sum(len(paragraph.split()) for paragraph in preview["paragraphs"])
    assert words >= datagen.MIN_WORDS - 10
    assert preview["regions"], "the tagger finds the places the copy names"
