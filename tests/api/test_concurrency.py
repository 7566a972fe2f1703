"""Concurrent editors and ingesters: nothing overwritten silently, nothing duplicated."""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection

from articles.models import ApiToken, Article
from tests.factories import ArticleFactory

DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo" / "copy"


@pytest.mark.django_db
def test_detail_carries_an_etag_and_answers_304_while_unchanged(api, editor):
    article = ArticleFactory()
    url = f"/api/v1/articles/{article.pk}/"
    etag = api.get(url)["ETag"]
    assert etag == f'"{article.pk}-1"'
    unchanged = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    editor.patch(url, {"byline": "Ann Lee"})
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] == f'"{article.pk}-2"'


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_write_with_a_stale_if_match_is_412_and_changes_nothing(editor, method):
    article = ArticleFactory(byline="Original")
    url = f"/api/v1/articles/{article.pk}/"
    stale = editor.get(url)["ETag"]
    assert editor.patch(url, {"byline": "First editor"}, HTTP_IF_MATCH=stale).status_code == 200
    payload = {"headline": "H", "body": "B", "published_at": "2026-01-01T00:00:00Z",
               "byline": "Second editor"}  # fmt: skip
    response = getattr(editor, method)(url, payload, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["type"] == "/problems/precondition-failed"
    article.refresh_from_db()
    assert (article.byline, article.version) == ("First editor", 2)


@pytest.mark.django_db
def test_if_match_for_another_article_never_matches(editor):
    first, second = ArticleFactory(), ArticleFactory()
    response = editor.patch(
        f"/api/v1/articles/{first.pk}/", {"byline": "x"}, HTTP_IF_MATCH=f'"{second.pk}-1"'
    )
    assert response.status_code == 412


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a database with row locks and real connections")


def editor_token():
    user = User.objects.create(username="desk")
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_article"))
    return ApiToken.issue(user)[1]


def send(method, url, token, body, content_type="application/json", headers=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": content_type, **(headers or {}),
    })  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_with_the_same_version_one_wins_one_gets_412(live_server):
    needs_postgresql()
    token = editor_token()
    article = ArticleFactory()
    url = f"{live_server.url}/api/v1/articles/{article.pk}/"
    etag = f'"{article.pk}-1"'

    def edit(byline):
        return send("PATCH", url, token, {"byline": byline}, headers={"If-Match": etag})[0]

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(edit, ["Editor A", "Editor B"]))
    assert statuses == [200, 412]
    article.refresh_from_db()
    assert article.version == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_copy_ingested_in_parallel_creates_one_article(live_server):
    needs_postgresql()
    token = editor_token()
    copy = sorted(DEMO.glob("*.txt"))[4].read_bytes()
    url = f"{live_server.url}/api/v1/articles/ingest/"

    def ingest(_):
        return send("POST", url, token, copy, content_type="text/plain; charset=utf-8")

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(ingest, range(6)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 5 + [201], results
    assert len({body["id"] for _, body in results}) == 1
    assert Article.objects.count() == 1
