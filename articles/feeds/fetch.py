"""Fetching feeds over HTTP(S) without letting a feed URL reach inside our network.

The host is resolved once, every address is checked, and the connection goes to a
checked address (the name is kept for the Host header and TLS), so a second lookup can
never rebind the name inward. Redirects are followed by hand and checked the same way.
Bodies are capped while they are read, after decompression too.
"""

import http.client
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from .addresses import checked_addresses
from .body import max_bytes, read_body
from .connection import PinnedConnection
from .errors import FeedFetchError

__all__ = ["FeedFetchError", "FetchResult", "fetch_feed", "read_feed_file"]

USER_AGENT = "newsapi-feeds/1.0"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}


def setting(name: str, default):
    return getattr(settings, f"FEED_{name}", default)


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int  # 200 with a body, or 304 when the conditional GET matched
    body: bytes
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def parse_url(url: str) -> Target:
    """The parts of a URL we connect to, refusing schemes, ports and credentials."""
    try:
        parts = urlsplit(url.strip())
        port = DEFAULT_PORTS.get(parts.scheme) if parts.port is None else parts.port
    except ValueError:
        raise FeedFetchError(f"not a valid URL: {url!r}") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise FeedFetchError(f"only http and https URLs are fetched, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise FeedFetchError("URLs with credentials are not fetched")
    if port not in setting("ALLOWED_PORTS", (80, 443)):
        raise FeedFetchError(f"port {port} is not allowed")
    # Non-ASCII and spaces are escaped; existing escapes and delimiters are kept.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return Target(parts.scheme, parts.hostname, port, path)


def fetch_feed(url: str, *, etag: str | None = None, last_modified: str | None = None):
    """GET a feed, following at most FEED_MAX_REDIRECTS checked redirects.

    With `etag` / `last_modified` the request is conditional and an unchanged feed comes
    back as status 304 with an empty body.
    """
    deadline = time.monotonic() + setting("FETCH_DEADLINE", 30)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    most = setting("MAX_REDIRECTS", 5)
    for hop in range(most + 1):
        try:
            target = parse_url(url)
            addresses = checked_addresses(target.host, target.port)
        except FeedFetchError as exc:
            raise FeedFetchError(f"redirect to {url} refused: {exc}" if hop else str(exc)) from None
        connection = connect(target, addresses, deadline)
        try:
            response = send(connection, target, headers)
            if response.status not in REDIRECTS:
                return result(url, response, connection, etag, last_modified)
            url = redirect_target(url, response)
        finally:
            connection.close()
    raise FeedFetchError(f"more than {most} redirects")


def connect(target: Target, addresses: list[str], deadline: float) -> PinnedConnection:
    """A connection to the target, pinned to its checked addresses."""
    return PinnedConnection(
        target.host, target.port, addresses=addresses, tls=target.scheme == "https",
        deadline=deadline,
    )  # fmt: skip


def redirect_target(url: str, response) -> str:
    location = (response.getheader("Location") or "").strip()
    if not location:
        raise FeedFetchError(f"{url} redirects without a Location")
    return urljoin(url, location)


def send(connection: PinnedConnection, target: Target, headers: dict):
    try:
        connection.request("GET", target.path, headers=headers)
        return connection.getresponse()
    except (OSError, ValueError, http.client.HTTPException) as exc:
        connection.check_deadline()
        if isinstance(exc, TimeoutError):
            raise FeedFetchError(f"{target.host} timed out") from None
        raise FeedFetchError(f"{target.host}: {str(exc) or type(exc).__name__}") from None


def result(url, response, connection, etag, last_modified) -> FetchResult:
    if response.status == 304:
        return FetchResult(url, 304, b"", etag, last_modified)
    if not 200 <= response.status < 300:
        raise FeedFetchError(
            f"{url} answered HTTP {response.status} {response.reason}", status=response.status
        )
    body = read_body(response, connection.check_deadline)
    return FetchResult(
        url, response.status, body, response.getheader("ETag"), response.getheader("Last-Modified")
    )


def read_feed_file(path) -> bytes:
    """A feed file's bytes, under the same size cap as a download."""
    limit = max_bytes()
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FeedFetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise FeedFetchError(f"{path} is larger than {limit} bytes")
    return data
