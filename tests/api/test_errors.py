"""Every error is RFC 9457 problem details, whatever raised it."""

import pytest
from django.test import Client, override_settings

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/problems/")
    assert body["title"]
    assert body["detail"]
    return body


def test_unknown_url_is_a_problem_404():
    assert_problem(Client().get("/api/v1/nothing-here/"), 404)


def test_wrong_method_is_405(editor):
    assert_problem(editor.put(LIST_URL, {}), 405)


def test_unacceptable_media_type_is_406(api):
    assert_problem(api.get(LIST_URL, HTTP_ACCEPT="application/xml"), 406)


def test_wrong_content_type_is_415(editor):
    response = editor.post(LIST_URL, "<a/>", content_type="application/xml")
    assert_problem(response, 415)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[" * 2000 + b"]" * 2000, "not valid JSON"),
        (b'{"headline": 1' + b"0" * 400 + b"}", "not valid JSON"),
        (b"   ", "empty"),
    ],
)
def test_malformed_json_is_400_with_a_reason(editor, raw, reason):
    response = editor.generic("POST", LIST_URL, raw, content_type="application/json")
    assert reason in assert_problem(response, 400)["detail"]


def test_empty_body_names_the_required_fields(editor):
    response = editor.generic("POST", LIST_URL, b"", content_type="application/json")
    fields = {error["field"] for error in assert_problem(response, 400)["errors"]}
    assert {"headline", "body", "published_at"} <= fields


def test_json_that_is_not_an_object_is_400(editor):
    response = editor.post(LIST_URL, [1, 2], format="json")
    assert assert_problem(response, 400)["errors"][0]["code"] == "invalid"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_413(editor):
    body = '{"headline": "' + "x" * 2000 + '"}'
    response = editor.generic("POST", LIST_URL, body, content_type="application/json")
    assert_problem(response, 413)


def test_invalid_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer nws_not-a-real-token")
    assert_problem(api.get(LIST_URL), 401)


def test_errors_are_problems_even_when_html_is_asked_for(api):
    response = api.get(LIST_URL, {"bogus": 1}, HTTP_ACCEPT="text/html")
    assert_problem(response, 400)


def test_crash_is_a_problem_500_without_internals(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("articles.views.ArticleViewSet.list", explode)
    client = Client(raise_request_exception=False)
    response = client.get(LIST_URL)
    body = assert_problem(response, 500)
    assert "secret" not in response.content.decode()
    assert body["type"] == "/problems/server-error"


def test_html_in_copy_is_stored_and_returned_as_text(editor, world):
    script = "<script>alert(1)</script>"
    article = ArticleFactory(headline=script)
    response = editor.get(f"{LIST_URL}{article.pk}/")
    assert response.json()["headline"] == script
    assert response["Content-Type"] == "application/json"


def test_database_outage_is_a_problem_503_with_retry_after(api, monkeypatch):
    from django.db import OperationalError

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("articles.views.ArticleViewSet.list", unreachable)
    response = Client(raise_request_exception=False).get(LIST_URL)
    assert assert_problem(response, 503)["type"] == "/problems/service-unavailable"
    assert response["Retry-After"] == "5"


@pytest.mark.parametrize("path", ["/api/v1/articles/abc/", "/api/v1/articles/1.5/"])
def test_an_id_that_is_not_a_number_is_404(editor, path):
    assert_problem(editor.get(path), 404)
    assert_problem(editor.patch(path, {"byline": "x"}), 404)


def test_an_unknown_format_is_406(api):
    assert_problem(api.get(LIST_URL, {"format": "xyz"}), 406)


def test_a_post_only_route_answers_get_with_405(editor):
    response = editor.get("/api/v1/articles/ingest/")
    assert_problem(response, 405)
    assert "GET" not in response["Allow"]


def test_options_on_a_feed_is_405_not_a_crash(api):
    assert_problem(api.options("/feeds/articles.rss"), 405)
