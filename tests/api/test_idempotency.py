import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "headline": "Bridge reopens",
    "body": "Traffic resumed.",
    "published_at": "2026-05-01T00:00:00Z",
}


def create(client, key, payload=PAYLOAD):
    return client.post("/api/v1/articles/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_create_replays_the_first_response_and_acts_once(editor):
    first = create(editor, "key-1")
    retry = create(editor, "key-1")
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Location"] == first["Location"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Article.objects.count() == 1


def test_the_same_key_with_another_body_is_422(editor):
    create(editor, "key-2")
    response = create(editor, "key-2", {**PAYLOAD, "headline": "Something else"})
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/idempotency-key-reused"
    assert Article.objects.count() == 1


def test_a_failed_request_frees_its_key(editor):
    assert create(editor, "key-3", {"headline": "No body"}).status_code == 400
    assert create(editor, "key-3").status_code == 201


def test_keys_belong_to_their_user(editor, reader):
    create(editor, "shared")
    assert create(reader, "shared").status_code == 403


def test_bulk_and_ingest_honour_the_key(editor, world):
    items = [{"headline": "One", "body": "Text.", "published_at": "2026-05-01T00:00:00Z"}]
    first = editor.post("/api/v1/articles/bulk/", items, format="json", HTTP_IDEMPOTENCY_KEY="b")
    again = editor.post("/api/v1/articles/bulk/", items, format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert first.json() == again.json()
    assert first.json()["created"] == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "bad\x00key"])
def test_malformed_keys_are_400(editor, key):
    response = create(editor, key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_claim_abandoned_mid_request_is_taken_over_after_its_lease(editor):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import IdempotencyRecord

    assert create(editor, "lease").status_code == 201
    Article.objects.all().delete()
    # As if the first request's worker died before storing its response.
    record = IdempotencyRecord.objects.get(key="lease")
    record.status_code = None
    record.save()
    assert create(editor, "lease").status_code == 409  # still within its lease
    IdempotencyRecord.objects.filter(key="lease").update(
        created_at=timezone.now() - timedelta(minutes=3)
    )
    assert create(editor, "lease").status_code == 201
