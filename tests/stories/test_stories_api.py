"""The stories endpoints, and the story link that articles carry."""

import orjson
import pytest
from rest_framework.test import APIRequestFactory

from articles.listing import LIST_FIELDS, list_rows, render_rows
from articles.models import Article, Story
from articles.serializers import ArticleListSerializer
from articles.stories.service import assign_stories
from tests.stories.conftest import WIRE, article

pytestmark = pytest.mark.django_db

STORIES = "/api/v1/stories/"
ARTICLES = "/api/v1/articles/"


def test_stories_are_listed_by_their_latest_copy_with_counts(api, stories):
    body = api.get(STORIES).json()
    wire_story = Article.objects.get(pk=stories["wire"].pk).story
    sequel_story = Article.objects.get(pk=stories["sequel"].pk).story
    assert [item["id"] for item in body["results"]] == [sequel_story.pk, wire_story.pk]
    wire = body["results"][1]
    assert wire == {
        "id": wire_story.pk,
        "url": f"http://testserver{STORIES}{wire_story.pk}/",
        "headline": "Port strike enters third day",
        "first_published_at": "2026-03-02T09:00:00Z",
        "last_published_at": "2026-03-02T14:00:00Z",
        "article_count": 3,
        "independent_source_count": 3,
    }
    assert body["results"][0]["article_count"] == 1


def test_copies_from_one_source_count_as_one_independent_source(api, stories):
    again = stories["again"]
    Article.objects.filter(pk=again.pk).update(source=stories["wire"].source)
    item = api.get(f"{STORIES}{again.story_id}/").json()
    assert (item["article_count"], item["independent_source_count"]) == (3, 2)


def test_a_story_lists_its_articles_earliest_first_with_their_sources(api, stories):
    story_id = Article.objects.get(pk=stories["wire"].pk).story_id
    body = api.get(f"{STORIES}{story_id}/").json()
    copies = [(item["id"], item["source"]["slug"]) for item in body["articles"]]
    assert copies == [
        (stories["wire"].pk, "baltic-wire"),
        (stories["repost"].pk, "coastal-daily"),
        (stories["again"].pk, "harbour-news"),
    ]
    first = body["articles"][0]
    assert first["url"] == f"http://testserver{ARTICLES}{stories['wire'].pk}/"
    assert first["headline"] == "Port strike enters third day"
    assert first["published_at"] == "2026-03-02T09:00:00Z"


def test_a_story_whose_articles_were_all_deleted_is_gone(api, stories):
    sequel = Article.objects.get(pk=stories["sequel"].pk)
    sequel.delete()
    assert api.get(f"{STORIES}{sequel.story_id}/").status_code == 404
    assert len(api.get(STORIES).json()["results"]) == 1


@pytest.mark.parametrize("story_id", ["999999", "abc", "1.5"])
def test_an_unknown_story_is_404(api, stories, story_id):
    response = api.get(f"{STORIES}{story_id}/")
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"


def test_unknown_parameters_on_stories_are_400(api, stories):
    response = api.get(STORIES, {"collapse": "story"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["collapse"]


def test_stories_page_by_cursor_without_gaps(api, db):
    for day in range(6):
        assign_stories([article(f"Story number {day} on its own.", hours=24 * day * 4)])
    first = api.get(STORIES, {"page_size": 4}).json()
    second = api.get(first["next"]).json()
    ids = [item["id"] for page in (first, second) for item in page["results"]]
    assert ids == list(Story.objects.order_by("-last_published_at").values_list("id", flat=True))
    assert second["next"] is None


@pytest.mark.parametrize("url", [STORIES, f"{STORIES}{{story}}/"])
def test_stories_take_a_constant_number_of_queries(api, stories, django_assert_max_num_queries,
                                                   url):  # fmt: skip
    for n in range(10):
        assign_stories([article(WIRE, hours=n), article(f"Other story {n}.", hours=n)])
    url = url.format(story=Article.objects.get(pk=stories["wire"].pk).story_id)
    api.get(url)  # the content version, once, as a running server has it
    with django_assert_max_num_queries(3):
        assert api.get(url, {"page_size": 100} if url == STORIES else {}).status_code == 200


def test_articles_link_their_story_in_list_and_detail(api, stories):
    wire = Article.objects.get(pk=stories["wire"].pk)
    link = {"id": wire.story_id, "url": f"http://testserver{STORIES}{wire.story_id}/"}
    listed = {item["id"]: item["story"] for item in api.get(ARTICLES).json()["results"]}
    assert listed[wire.pk] == link
    assert listed[stories["repost"].pk] == link
    assert api.get(f"{ARTICLES}{wire.pk}/").json()["story"] == link
    assert api.get(link["url"]).status_code == 200


def test_an_article_without_a_story_says_null(api, db):
    unassigned = article()
    assert api.get(ARTICLES).json()["results"][0]["story"] is None
    assert api.get(f"{ARTICLES}{unassigned.pk}/").json()["story"] is None


def test_the_fast_list_renders_the_story_as_the_serializer_does(stories):
    article()  # and one without a story
    request = APIRequestFactory().get(ARTICLES)
    ordering = ("-published_at", "-id")
    articles = Article.objects.order_by(*ordering)
    fast = render_rows(list(list_rows(articles, LIST_FIELDS, ordering)), LIST_FIELDS, request)
    slow = ArticleListSerializer(
        articles.for_listing(), many=True, context={"request": request}
    ).data
    assert orjson.dumps(fast) == orjson.dumps(slow)


def test_the_story_field_can_be_asked_for_alone(api, stories):
    items = api.get(ARTICLES, {"fields": "id,story"}).json()["results"]
    assert all(list(item) == ["id", "story"] for item in items)
    assert {item["story"]["id"] for item in items} == set(
        Story.objects.values_list("id", flat=True)
    )
