"""Signatures as the Standard Webhooks library computes and verifies them."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from articles.webhooks.signing import new_secret, signature


def test_a_new_secret_is_whsec_and_32_random_bytes_in_base64():
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert new_secret() != secret


@pytest.mark.parametrize("body", [b'{"type":"article.created"}', "Zürich – 東京".encode()])
def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body_as_the_spec_says(body):
    secret, timestamp = new_secret(), 1_790_000_000
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = b"evt_7." + str(timestamp).encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert signature(secret, "evt_7", timestamp, body) == f"v1,{expected}"


def test_the_library_verifies_our_headers_and_refuses_a_changed_body():
    secret, timestamp = new_secret(), int(datetime.now(UTC).timestamp())
    body = b'{"data":{"id":1}}'
    headers = {
        "webhook-id": "evt_1",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, "evt_1", timestamp, body),
    }
    assert Webhook(secret).verify(body, headers) == {"data": {"id": 1}}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"data":{"id":2}}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)
