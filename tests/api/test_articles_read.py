from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from tests.factories import ArticleFactory, SectionFactory, SourceFactory, tag

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["results"]]


@pytest.fixture
def tagged(world):
    """Three articles: one about Yerevan, one about Baku, one about Moscow."""
    yerevan = ArticleFactory(
        headline="Yerevan story", published_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    baku = ArticleFactory(headline="Baku story", published_at=datetime(2026, 2, 1, tzinfo=UTC))
    moscow = ArticleFactory(headline="Moscow story", published_at=datetime(2026, 1, 1, tzinfo=UTC))
    tag(yerevan, world["yerevan"])
    tag(baku, world["baku"])
    tag(moscow, world["moscow"])
    return {"yerevan": yerevan, "baku": baku, "moscow": moscow}


def test_list_item_carries_summary_fields_and_links(api, tagged, world):
    item = api.get(LIST_URL).json()["results"][0]
    assert item["headline"] == "Yerevan story"
    assert item["url"].endswith(f"/api/v1/articles/{tagged['yerevan'].pk}/")
    assert item["source"]["slug"] == tagged["yerevan"].source.slug
    assert item["section"] == {
        "slug": "world", "name": "World", "url": "http://testserver/api/v1/sections/world/"
    }  # fmt: skip
    assert item["regions"] == [
        {"slug": "yerevan", "name": "Yerevan", "kind": "city", "iso2": None,
         "country_code": "AM", "is_main": True}
    ]  # fmt: skip
    assert "body" not in item


def test_detail_adds_body_dateline_related_and_tag_details(api, tagged, world):
    article = tagged["baku"]
    article.related_articles.add(tagged["moscow"])
    body = api.get(f"{LIST_URL}{article.pk}/").json()
    assert body["body"] == article.body
    assert body["related_articles"][0]["headline"] == "Moscow story"
    assert body["tags"][0]["region"]["slug"] == "baku"
    assert body["tags"][0]["method"] == "automatic"
    assert body["tags"][0]["roles"] == ["body"]
    # Related is symmetric.
    moscow = api.get(f"{LIST_URL}{tagged['moscow'].pk}/").json()
    assert moscow["related_articles"][0]["id"] == article.pk


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Yerevan story", "Baku story", "Moscow story"]),
        ({"ordering": "published_at"}, ["Moscow story", "Baku story", "Yerevan story"]),
        ({"region": "armenia"}, ["Yerevan story"]),
        ({"region": "western-asia"}, ["Yerevan story", "Baku story"]),
        ({"region": "asia"}, ["Yerevan story", "Baku story"]),
        ({"region": "AZ"}, ["Baku story"]),
        ({"region": "aze"}, ["Baku story"]),
        ({"region": ["armenia", "russia"]}, ["Yerevan story", "Moscow story"]),
        ({"region": "armenia,russia"}, ["Yerevan story", "Moscow story"]),
        ({"region": "baku"}, ["Baku story"]),
        ({"published_after": "2026-02-01T00:00:00Z"}, ["Yerevan story", "Baku story"]),
        ({"published_before": "2026-02-01T00:00:00Z"}, ["Moscow story"]),
        ({"published_after": "2026-01-15", "published_before": "2026-02-15"}, ["Baku story"]),
    ],
)
def test_article_filters(api, tagged, params, expected):
    assert headlines(api.get(LIST_URL, params)) == expected


def test_region_filter_includes_descendants_once_per_article(api, tagged, world):
    tag(tagged["yerevan"], world["armenia"])
    assert headlines(api.get(LIST_URL, {"region": "asia"})) == ["Yerevan story", "Baku story"]


def test_source_section_and_language_filters(api, db):
    tass = SourceFactory(name="TASS")
    sport = SectionFactory(name="Sport")
    ArticleFactory(headline="Match report", source=tass, section=sport, language="ru")
    ArticleFactory(headline="Other")
    assert headlines(api.get(LIST_URL, {"source": "tass"})) == ["Match report"]
    assert headlines(api.get(LIST_URL, {"section": "sport"})) == ["Match report"]
    assert headlines(api.get(LIST_URL, {"language": "ru"})) == ["Match report"]


def test_updated_since_returns_recently_changed_articles(api, db):
    old = ArticleFactory(headline="Old")
    ArticleFactory(headline="Fresh")
    type(old).objects.filter(pk=old.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert headlines(api.get(LIST_URL, {"updated_since": "2021-01-01T00:00:00Z"})) == ["Fresh"]


def test_search_matches_headline_summary_and_body(api, db):
    ArticleFactory(headline="Harvest delayed by rain", body="Farmers wait.\n\nPrices rise.")
    ArticleFactory(headline="Election results", body="Turnout was high.\n\nA harvest festival.")
    ArticleFactory(headline="Unrelated", body="Nothing here.")
    assert sorted(headlines(api.get(LIST_URL, {"q": "harvest"}))) == [
        "Election results", "Harvest delayed by rain"
    ]  # fmt: skip


@pytest.mark.postgres
def test_relevance_ordering_ranks_headline_matches_first(api, db):
    if connection.vendor != "postgresql":
        pytest.skip("relevance ranking needs PostgreSQL full-text search")
    now = datetime(2026, 5, 1, tzinfo=UTC)
    ArticleFactory(headline="Markets calm", body="A drought is feared.", published_at=now)
    ArticleFactory(
        headline="Drought grips the south", body="The drought deepens.",
        published_at=now - timedelta(days=30),
    )  # fmt: skip
    by_relevance = headlines(api.get(LIST_URL, {"q": "drought", "ordering": "relevance"}))
    assert by_relevance == ["Drought grips the south", "Markets calm"]


@pytest.mark.postgres
def test_search_uses_stored_vector_with_stemming(api, db):
    if connection.vendor != "postgresql":
        pytest.skip("stemming needs PostgreSQL full-text search")
    ArticleFactory(headline="Envoys meet", body="Negotiations continued overnight.")
    ArticleFactory(headline="Markets", body="Shares fell.")
    assert headlines(api.get(LIST_URL, {"q": "negotiating"})) == ["Envoys meet"]


def test_cursor_pages_walk_forward_and_back_without_gaps(api, db):
    for day in range(1, 8):
        ArticleFactory(headline=f"Day {day}", published_at=datetime(2026, 1, day, tzinfo=UTC))
    first = api.get(LIST_URL, {"page_size": 3}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    seen = [item["headline"] for page in (first, second, third) for item in page["results"]]
    assert seen == [f"Day {day}" for day in range(7, 0, -1)]
    assert third["next"] is None
    back = api.get(second["previous"]).json()
    assert [item["headline"] for item in back["results"]] == ["Day 7", "Day 6", "Day 5"]
    assert "count" not in first


@pytest.mark.parametrize("page_size", [5, 100])
def test_list_runs_a_constant_number_of_queries(api, world, django_assert_max_num_queries,
                                                page_size):  # fmt: skip
    for _ in range(page_size):
        article = ArticleFactory()
        tag(article, world["baku"])
        tag(article, world["armenia"], is_main=False)
    api.get(LIST_URL, {"page_size": 1})  # the content version, once, as a running server has it
    with django_assert_max_num_queries(3):
        response = api.get(LIST_URL, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_detail_runs_a_constant_number_of_queries(api, tagged, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert api.get(f"{LIST_URL}{tagged['baku'].pk}/").status_code == 200


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"colour": "red"}, "colour"),
        ({"region": "atlantis"}, "region"),
        ({"source": "nobody"}, "source"),
        ({"published_after": "yesterday"}, "published_after"),
        ({"ordering": "headline"}, "ordering"),
        ({"ordering": "relevance"}, "ordering"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "zero"}, "page_size"),
        ({"cursor": "garbage"}, "cursor"),
    ],
)
def test_bad_query_parameters_are_400_naming_the_parameter(api, world, params, parameter):
    response = api.get(LIST_URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert [error["field"] for error in body["errors"]] == [parameter]
    assert body["errors"][0]["in"] == "query"
    assert body["errors"][0]["reason"]


def test_unknown_article_is_a_problem_404(api, db):
    response = api.get(f"{LIST_URL}999999/")
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"


@pytest.mark.postgres
def test_relevance_ranks_the_newest_matches_after_every_filter(api, world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("relevance ranking needs PostgreSQL full-text search")
    monkeypatch.setattr("articles.models.articles.RANK_CANDIDATES", 2)
    day = datetime(2026, 5, 1, tzinfo=UTC)
    old = ArticleFactory(headline="Flood flood flood", body="Flood.", published_at=day)
    for n in range(1, 4):
        recent = ArticleFactory(headline=f"Update {n}", body="A flood warning.",
                                published_at=day + timedelta(days=n))  # fmt: skip
        tag(recent, world["baku"])
    tag(old, world["baku"])
    found = headlines(api.get(LIST_URL, {"q": "flood", "ordering": "relevance", "region": "AZ"}))
    # Only the two newest matches in Azerbaijan are ranked; the strongest older match is not.
    assert sorted(found) == ["Update 2", "Update 3"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "estimate", [(0, 10**6), (10**5, 10**6)], ids=["rare: from the GIN index", "common"]
)
def test_both_search_plans_find_the_same_page(api, db, monkeypatch, estimate):
    if connection.vendor != "postgresql":
        pytest.skip("the search plans are PostgreSQL's")
    from articles.models import articles

    monkeypatch.setattr(articles, "_estimated_matches", lambda terms, period: estimate)
    start = datetime(2026, 5, 1, tzinfo=UTC)
    for n in range(7):
        body = "A ferry crossing." if n % 2 else "Trade talks."
        ArticleFactory(headline=f"Item {n}", body=body, published_at=start + timedelta(hours=n))
    page = api.get(LIST_URL, {"q": "ferry", "page_size": 2})
    assert headlines(page) == ["Item 5", "Item 3"]
    assert headlines(api.get(page.json()["next"])) == ["Item 1"]


@pytest.mark.postgres
def test_the_match_estimate_follows_postgresql_statistics(db):
    if connection.vendor != "postgresql":
        pytest.skip("the estimate is PostgreSQL's planner's")
    from articles.models.articles import _estimated_matches

    for n in range(300):
        word = "zeppelin" if n == 0 else "ferry"
        ArticleFactory(headline=f"Item {n}", body=f"A {word} crossing number {n}.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    _estimated_matches.cache_clear()
    assert _estimated_matches("ferry")[0] > 250
    assert _estimated_matches("zeppelin")[0] < 10
    assert _estimated_matches("ferry")[1] == 300
