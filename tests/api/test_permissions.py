"""Who may write what: every write route and method, for every kind of client."""

import pytest
from django.contrib.auth.models import User

from articles.models import ApiToken
from tests.conftest import client_with_token
from tests.factories import ArticleFactory, SectionFactory, SourceFactory

pytestmark = pytest.mark.django_db

ARTICLE = {"headline": "H", "body": "B", "published_at": "2026-01-01T00:00:00Z"}
COPY = "World\n\nHeadline of a story\n\nLONDON (Reuters) - A body paragraph that says enough."

# (method, path, body, content type) for every route that accepts a write.
ROUTES = {
    "create": ("post", "/api/v1/articles/", ARTICLE, "json"),
    "replace": ("put", "/api/v1/articles/{id}/", ARTICLE, "json"),
    "change": ("patch", "/api/v1/articles/{id}/", {"byline": "x"}, "json"),
    "delete": ("delete", "/api/v1/articles/{id}/", None, "json"),
    "ingest": ("post", "/api/v1/articles/ingest/", {"text": COPY}, "json"),
    "bulk": ("post", "/api/v1/articles/bulk/", [ARTICLE], "json"),
    "parse": ("post", "/api/v1/articles/parse/", {"text": COPY}, "json"),
    "tag": ("post", "/api/v1/regions/tag/", {"text": "Paris"}, "json"),
    "source write": ("post", "/api/v1/sources/", {"name": "x"}, "json"),
    "section write": ("put", "/api/v1/sections/world/", {"name": "x"}, "json"),
    "region delete": ("delete", "/api/v1/regions/armenia/", None, "json"),
}

# Expected status per client kind: anonymous, token without rights, editor, staff, superuser.
EXPECTED = {
    "create": (401, 403, 201, 403, 201),
    "replace": (401, 403, 200, 403, 200),
    "change": (401, 403, 200, 403, 200),
    "delete": (401, 403, 204, 403, 204),
    "ingest": (401, 403, 201, 403, 201),
    "bulk": (401, 403, 200, 403, 200),
    "parse": (200, 200, 200, 200, 200),
    "tag": (200, 200, 200, 200, 200),
    # Read-only resources: only a superuser gets as far as the method check.
    "source write": (401, 403, 403, 403, 405),
    "section write": (401, 403, 403, 403, 405),
    "region delete": (401, 403, 403, 403, 405),
}


def distinct(body, number):
    """The same request with different copy, so no client's write duplicates another's."""
    if isinstance(body, list):
        return [distinct(item, number) for item in body]
    if isinstance(body, dict):
        return {k: f"{v} {number}" if k in ("headline", "text") else v for k, v in body.items()}
    return body


def clients(api):
    superuser = User.objects.create(username="root", is_superuser=True, is_staff=True)
    root = client_with_token("unused")
    root.credentials(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(superuser)[1]}")
    return [
        api,
        client_with_token("reader"),
        client_with_token(
            "editor", permissions=["add_article", "change_article", "delete_article"]
        ),
        client_with_token("staff", is_staff=True),
        root,
    ]


@pytest.mark.parametrize("route", list(ROUTES))
def test_permission_matrix(api, world, route):
    SectionFactory(name="World")
    SourceFactory(name="Reuters")
    method, path, body, fmt = ROUTES[route]
    got = []
    for number, client in enumerate(clients(api)):
        article = ArticleFactory()
        response = getattr(client, method)(path.format(id=article.pk), distinct(body, number),
                                           format=fmt)  # fmt: skip
        got.append(response.status_code)
    assert tuple(got) == EXPECTED[route]
