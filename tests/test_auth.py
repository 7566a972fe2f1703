from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import ApiToken, Article

pytestmark = pytest.mark.django_db

PAYLOAD = {"headline": "H", "body": "B", "published_at": "2026-01-01T00:00:00Z"}


def post_with(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client.post("/api/v1/articles/", PAYLOAD)


def issue(*args):
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("issue_token", *args, stdout=Sink())
    return "".join(out).strip().splitlines()


def test_issue_token_creates_an_editor_and_prints_the_token_last():
    lines = issue("desk", "--editor")
    raw = lines[-1]
    assert raw.startswith("nws_")
    assert post_with(raw).status_code == 201
    assert User.objects.get(username="desk").has_perm("articles.add_article")


def test_token_without_editor_flag_cannot_write():
    raw = issue("visitor")[-1]
    assert post_with(raw).status_code == 403


def test_tokens_are_stored_only_as_digests():
    raw = issue("desk", "--editor")[-1]
    token = ApiToken.objects.get()
    assert raw not in (token.key_digest, token.prefix)
    assert len(token.key_digest) == 64
    assert raw.startswith(token.prefix)


def test_revoked_token_is_refused():
    raw = issue("desk", "--editor")[-1]
    ApiToken.objects.get().revoke()
    response = post_with(raw)
    assert response.status_code == 401
    assert not Article.objects.exists()


def test_expired_token_is_refused():
    raw = issue("desk", "--editor", "--days", "1")[-1]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert post_with(raw).status_code == 401


def test_inactive_user_is_refused():
    raw = issue("desk", "--editor")[-1]
    User.objects.update(is_active=False)
    assert post_with(raw).status_code == 401


def test_token_use_is_recorded():
    raw = issue("desk", "--editor")[-1]
    post_with(raw)
    assert ApiToken.objects.get().last_used_at is not None


def test_malformed_authorization_header_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert client.post("/api/v1/articles/", PAYLOAD).status_code == 401
