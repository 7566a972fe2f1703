"""`collapse=story`: one article per story, the earliest of those the other filters keep."""

import pytest
from django.db import connection

from articles.stories.service import assign_stories
from tests.factories import tag
from tests.stories.conftest import REPOST, WIRE, article

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_collapse_keeps_the_earliest_copy_of_each_story(api, stories):
    loose = article("A story nobody has assigned yet.", hours=40)
    found = ids(api.get(ARTICLES, {"collapse": "story"}))
    assert found == [loose.pk, stories["sequel"].pk, stories["wire"].pk]


def test_without_collapse_every_copy_is_listed(api, stories):
    assert len(ids(api.get(ARTICLES))) == 4
    assert len(ids(api.get(ARTICLES, {"collapse": ""}))) == 4


def test_collapse_picks_among_the_copies_the_other_filters_keep(api, stories):
    found = ids(api.get(ARTICLES, {"collapse": "story", "source": "harbour-news"}))
    assert found == [stories["again"].pk]
    later = {"collapse": "story", "published_after": "2026-03-02T13:00:00Z"}
    assert ids(api.get(ARTICLES, later)) == [stories["sequel"].pk, stories["again"].pk]


def test_collapse_works_with_region_and_search_filters(api, world, stories):
    tag(stories["repost"], world["baku"])
    tag(stories["again"], world["baku"])
    assert ids(api.get(ARTICLES, {"collapse": "story", "region": "AZ"})) == [stories["repost"].pk]
    found = ids(api.get(ARTICLES, {"collapse": "story", "q": "Gdansk"}))
    assert found == [stories["sequel"].pk, stories["wire"].pk]


def test_collapse_keeps_the_same_copies_in_either_order(api, stories):
    oldest_first = ids(api.get(ARTICLES, {"collapse": "story", "ordering": "published_at"}))
    assert oldest_first == [stories["wire"].pk, stories["sequel"].pk]


def test_collapsed_pages_follow_the_cursor_without_repeats(api, db):
    expected = []
    for n in range(5):
        wire, repost = article(WIRE, hours=100 * n), article(REPOST, hours=100 * n + 1)
        assign_stories([wire, repost])
        expected.insert(0, wire.pk)
    seen, url, params = [], ARTICLES, {"collapse": "story", "page_size": 2}
    while url:
        page = api.get(url, params).json()
        seen += [item["id"] for item in page["results"]]
        url, params = page["next"], None
    assert seen == expected


def test_an_unknown_collapse_is_400_naming_it(api, db):
    response = api.get(ARTICLES, {"collapse": "source"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["in"]) == ("collapse", "query")


def test_a_collapsed_list_takes_at_most_three_queries(api, stories, django_assert_max_num_queries):
    api.get(ARTICLES, {"page_size": 1})  # the content version, once, as a running server has it
    with django_assert_max_num_queries(3):
        assert len(ids(api.get(ARTICLES, {"collapse": "story", "page_size": 100}))) == 2


def test_feeds_collapse_too(api, stories):
    response = api.get("/feeds/articles.json", {"collapse": "story"})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2


@pytest.mark.postgres
def test_collapse_then_rank_by_relevance(api, stories):
    if connection.vendor != "postgresql":
        pytest.skip("relevance ranking needs PostgreSQL full-text search")
    params = {"collapse": "story", "q": "strike", "ordering": "relevance"}
    assert sorted(ids(api.get(ARTICLES, params))) == sorted(
        [stories["wire"].pk, stories["sequel"].pk]
    )
