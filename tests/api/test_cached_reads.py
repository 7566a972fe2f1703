"""Anonymous repeats of a cached list answered before DRF: the same bytes and headers, the
same rate limits, and never a response older than the last write."""

import pytest
from rest_framework.views import APIView

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIST_URL = "/api/v1/articles/"


@pytest.fixture
def shared_cache(settings):
    settings.SHARED_CACHE = True


@pytest.fixture
def no_dispatch(monkeypatch):
    """Fails any request that reaches DRF."""

    def dispatched(*args, **kwargs):
        raise AssertionError("DRF dispatched the request")

    def forbid():
        monkeypatch.setattr(APIView, "dispatch", dispatched)

    return forbid


def test_an_anonymous_repeat_is_answered_before_drf_with_the_same_response(
    api, shared_cache, no_dispatch
):
    ArticleFactory(headline="Early answer")
    first = api.get(LIST_URL, {"page_size": 5})
    no_dispatch()
    again = api.get(LIST_URL, {"page_size": 5})
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "ETag", "Link", "Vary", "Cache-Control"):
        assert again[header] == first[header], header
    assert int(again["RateLimit-Remaining"]) == int(first["RateLimit-Remaining"]) - 1


def test_a_matching_if_none_match_gets_304_before_drf(api, shared_cache, no_dispatch):
    ArticleFactory()
    etag = api.get(LIST_URL)["ETag"]
    no_dispatch()
    assert api.get(LIST_URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_requests_with_a_token_go_through_drf(editor, shared_cache, no_dispatch):
    ArticleFactory()
    editor.get(LIST_URL)
    no_dispatch()
    with pytest.raises(AssertionError, match="DRF dispatched"):
        editor.get(LIST_URL)


def test_a_write_makes_the_next_read_go_through_the_view(api, editor, shared_cache):
    article = ArticleFactory(headline="Before")
    api.get(LIST_URL)
    editor.patch(f"{LIST_URL}{article.pk}/", {"headline": "After"})
    assert api.get(LIST_URL).json()["results"][0]["headline"] == "After"


def test_the_early_answer_counts_against_the_anonymous_limit(api, shared_cache, tight_limits):
    ArticleFactory()
    statuses = [api.get(LIST_URL).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    blocked = api.get(LIST_URL)
    assert blocked["Content-Type"] == "application/problem+json"


def test_different_hosts_get_their_own_links(api, shared_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    ArticleFactory()
    here = api.get(LIST_URL).json()["results"][0]["url"]
    there = api.get(LIST_URL, HTTP_HOST="mirror.example").json()["results"][0]["url"]
    assert here.startswith("http://testserver/")
    assert there.startswith("http://mirror.example/")


def test_a_miss_looks_in_the_cache_once(api, shared_cache, monkeypatch):
    from django.core.cache import cache

    ArticleFactory()
    api.get(LIST_URL)  # the version is in the cache from now on
    looks, depth = [], [0]

    def counted(name, real):
        def call(*args, **kwargs):
            if not depth[0]:  # the local-memory cache's get_many calls its own get
                looks.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    assert api.get(LIST_URL, {"page_size": 3}).status_code == 200
    assert looks == ["get_many"]  # the version and the entry together, then no more
