"""Standard Webhooks signatures (HMAC-SHA256 over `{id}.{timestamp}.{body}`), made by the
specification's reference library."""

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A signing secret in the spec's form: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value (version `v1`) for one attempt."""
    signed_at = datetime.fromtimestamp(timestamp, UTC)
    return Webhook(secret).sign(message_id, signed_at, body.decode())
