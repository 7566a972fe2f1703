"""The article list's fast path says exactly what the serializer says; fields/omit trim."""

from datetime import UTC, datetime

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from articles.listing import LIST_FIELDS, list_rows, render_rows
from articles.models import Article
from articles.serializers import ArticleListSerializer
from tests.factories import ArticleFactory, tag

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


@pytest.fixture
def varied(world):
    tagged = ArticleFactory(published_at=datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC))
    tag(tagged, world["baku"], relevance=0.5)
    tag(tagged, world["azerbaijan"], relevance=0.9, is_main=False)
    ArticleFactory(section=None, source=None, summary="", language="fr")
    return Article.objects.all()


def test_fast_rows_render_byte_identical_to_the_serializer(varied):
    request = APIRequestFactory().get(LIST_URL)
    ordering = ("-published_at", "-id")
    fast = render_rows(list(list_rows(varied.order_by(*ordering), LIST_FIELDS, ordering)),
                       LIST_FIELDS, request)  # fmt: skip
    slow = ArticleListSerializer(
        varied.for_listing().order_by(*ordering), many=True, context={"request": request}
    ).data
    assert orjson.dumps(fast) == orjson.dumps(slow)


def test_the_list_endpoint_matches_the_serializer_too(api, varied):
    body = api.get(LIST_URL).json()
    request = APIRequestFactory().get(LIST_URL)
    slow = ArticleListSerializer(
        varied.for_listing().order_by("-published_at", "-id"), many=True,
        context={"request": request},
    ).data  # fmt: skip
    assert body["results"] == orjson.loads(orjson.dumps(slow))


def test_fields_keeps_only_the_named_fields_in_their_usual_order(api, varied):
    body = api.get(LIST_URL, {"fields": "headline,id,regions"}).json()
    assert [list(item) for item in body["results"]] == [["id", "headline", "regions"]] * 2


def test_omit_drops_fields(api, varied):
    item = api.get(LIST_URL, {"omit": "summary,regions"}).json()["results"][0]
    assert set(item) == set(LIST_FIELDS) - {"summary", "regions"}


def test_lean_lists_skip_the_tag_query(api, varied):
    with CaptureQueriesContext(connection) as queries:
        api.get(LIST_URL, {"fields": "id,headline,published_at"})
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "articles_article" in tables
    assert "articles_articleregion" not in tables
    assert "articles_section" not in tables


def test_sparse_fields_work_on_every_read_endpoint(api, world, varied):
    article = varied.first()
    assert set(api.get(f"{LIST_URL}{article.pk}/", {"fields": "id,body"}).json()) == {"id", "body"}
    region = api.get("/api/v1/regions/armenia/", {"omit": "children,ancestors"}).json()
    assert "children" not in region
    assert region["slug"] == "armenia"
    regions = api.get("/api/v1/regions/", {"fields": "slug"}).json()["results"]
    assert all(list(item) == ["slug"] for item in regions)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"fields": "id,colour"}, "fields"),
        ({"omit": "nothing"}, "omit"),
        ({"fields": "id", "omit": "url"}, "omit"),
        ({"fields": "id", "format": "ninjs"}, "fields"),
    ],
)
def test_unknown_or_conflicting_fields_are_400(api, varied, params, parameter):
    response = api.get(LIST_URL, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == parameter
