"""Lists and feeds: ETag and 304 without running the view, a shared response cache, and
validators that change with every committed write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Source
from articles.region_tags import apply_automatic_tags
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIST_URL = "/api/v1/articles/"


def test_lists_carry_a_weak_etag_and_answer_304_with_one_query(api):
    ArticleFactory()
    first = api.get(LIST_URL)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    with CaptureQueriesContext(connection) as queries:
        again = api.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert len(queries) <= 1  # the version (from the cache with Redis), nothing else


def test_the_etag_differs_by_query_and_by_media_type(api):
    ArticleFactory()
    plain = api.get(LIST_URL)["ETag"]
    assert api.get(LIST_URL, {"page_size": 5})["ETag"] != plain
    assert api.get(LIST_URL, HTTP_ACCEPT="application/ninjs+json")["ETag"] != plain


@pytest.mark.parametrize(
    "change",
    [
        lambda article, editor: editor.patch(f"{LIST_URL}{article.pk}/", {"byline": "New"}),
        lambda article, editor: editor.delete(f"{LIST_URL}{article.pk}/"),
        lambda article, editor: Source.objects.filter(pk=article.source_id).first().save(),
        lambda article, editor: apply_automatic_tags(article),
    ],
    ids=["patch", "delete", "source edited", "retagged"],
)
def test_every_committed_write_changes_the_etag(api, editor, change):
    article = ArticleFactory()
    etag = api.get(LIST_URL)["ETag"]
    change(article, editor)
    response = api.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_shared_cache_serves_repeated_reads_without_the_view(api, settings, monkeypatch):
    settings.SHARED_CACHE = True
    ArticleFactory(headline="Cached headline")
    first = api.get(LIST_URL)

    def not_called(*args, **kwargs):
        raise AssertionError("the view ran for a cached read")

    monkeypatch.setattr("articles.views.ArticleViewSet.fresh_list", not_called)
    cached = api.get(LIST_URL)
    assert cached.status_code == 200
    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]
    assert cached["Link"] == first["Link"]


def test_writes_invalidate_the_shared_cache(api, editor, settings):
    settings.SHARED_CACHE = True
    article = ArticleFactory(headline="Before")
    api.get(LIST_URL)
    editor.patch(f"{LIST_URL}{article.pk}/", {"headline": "After"})
    assert api.get(LIST_URL).json()["results"][0]["headline"] == "After"


def test_a_version_cached_across_a_concurrent_bump_is_not_kept(settings, monkeypatch):
    from articles import freshness

    settings.SHARED_CACHE = True
    reads = iter([4, 5])  # a write lands between the reader's look-up and its cache add
    monkeypatch.setattr(freshness, "_stored_version", lambda: next(reads))
    assert freshness.content_version() == 4
    assert freshness.cache.get(freshness.VERSION_KEY) is None  # not left stale
