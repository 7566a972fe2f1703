"""POSTing a webhook under the rules that feed fetching follows.

The target's scheme, port and addresses are checked as a feed URL's are (no loopback,
private or metadata addresses unless FEED_ALLOW_PRIVATE_ADDRESSES or FEED_ALLOWED_NETWORKS
open them, only FEED_ALLOWED_PORTS), and the connection is pinned to the checked address.
A redirect is an answer like any other non-2xx: it is not followed.
"""

import http.client
import time

from django.conf import settings

from articles.feeds.addresses import checked_addresses
from articles.feeds.errors import FeedFetchError
from articles.feeds.fetch import Target, connect, parse_url

USER_AGENT = "newsapi-webhooks/1.0"
# Enough of an answer's body to let the connection finish; what it says is not kept.
READ_AT_MOST = 64 * 1024


class TargetRefused(Exception):
    """The URL may not be posted to, or could not be reached."""


def resolved(url: str) -> tuple[Target, list[str]]:
    """The URL's parts and the host's addresses, if the outbound rules allow them all."""
    try:
        target = parse_url(url)
        return target, checked_addresses(target.host, target.port)
    except FeedFetchError as exc:
        raise TargetRefused(str(exc)) from None


def post(url: str, body: bytes, headers: dict) -> int:
    """POST the body; the HTTP status of the answer, or TargetRefused."""
    deadline = time.monotonic() + settings.WEBHOOK_TIMEOUT
    target, addresses = resolved(url)
    connection = connect(target, addresses, deadline)
    headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json", **headers}
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(READ_AT_MOST)
        return response.status
    except (OSError, ValueError, http.client.HTTPException) as exc:
        if connection.expired or time.monotonic() > deadline:
            raise TargetRefused(f"no answer within {settings.WEBHOOK_TIMEOUT:g} s") from None
        raise TargetRefused(f"{target.host}: {str(exc) or type(exc).__name__}") from None
    finally:
        connection.close()
