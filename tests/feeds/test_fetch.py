"""The feed client against a real local server that misbehaves in every way it can."""

import socket
import time
import tracemalloc
from urllib.parse import quote

import pytest

from articles.feeds.fetch import FeedFetchError, fetch_feed, read_feed_file
from tests.feeds.local_server import ETAG, LAST_MODIFIED, RSS, MiB


def test_a_feed_is_fetched_with_its_validators(feed_server):
    fetched = fetch_feed(feed_server.url("/feed.xml"))
    assert (fetched.status, fetched.body) == (200, RSS.read_bytes())
    assert (fetched.etag, fetched.last_modified) == (ETAG, LAST_MODIFIED)


@pytest.mark.parametrize(
    ("validators", "header"),
    [({"etag": ETAG}, "If-None-Match"), ({"last_modified": LAST_MODIFIED}, "If-Modified-Since")],
)
def test_a_conditional_get_of_an_unchanged_feed_returns_304_without_a_body(
    feed_server, validators, header
):
    fetched = fetch_feed(feed_server.url("/feed.xml"), **validators)
    assert (fetched.status, fetched.body) == (304, b"")
    assert feed_server.requests[0][1][header] == next(iter(validators.values()))


def test_a_gzip_encoded_feed_is_decompressed(feed_server):
    assert fetch_feed(feed_server.url("/feed.xml.gz")).body == RSS.read_bytes()


def test_the_name_is_resolved_once_and_sent_as_the_host_header(feed_server, resolver):
    answers, lookups = resolver
    answers["feeds.test"] = ["127.0.0.1"]
    fetch_feed(feed_server.url("/feed.xml", host="feeds.test"))
    assert lookups == ["feeds.test"]
    assert feed_server.requests[0][1]["Host"] == f"feeds.test:{feed_server.port}"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/feed.xml",
        "http://127.0.0.2:{port}/feed.xml",
        "http://[::1]:{port}/feed.xml",
        "http://[::ffff:192.168.0.1]/feed.xml",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(feed_server, settings, target):
    # Only the server's own address is opened, so the first hop is fetched and the
    # redirect check alone stands between the server and the private target.
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = False
    settings.FEED_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    path = "/redirect?to=" + quote(target.format(port=feed_server.port), safe="")
    with pytest.raises(FeedFetchError, match=r"redirect to .* refused.*not a public address"):
        fetch_feed(feed_server.url(path))
    assert feed_server.paths == [path]


def test_a_redirect_to_an_allowed_address_is_followed(feed_server):
    fetched = fetch_feed(feed_server.url("/redirect?to=/feed.xml"))
    assert fetched.body == RSS.read_bytes()
    assert fetched.url == feed_server.url("/feed.xml")


def test_a_redirect_loop_stops_after_five_redirects(feed_server):
    with pytest.raises(FeedFetchError, match="more than 5 redirects"):
        fetch_feed(feed_server.url("/loop"))
    assert len(feed_server.requests) == 6


@pytest.mark.parametrize("route", ["/big", "/big-stream"])
def test_a_body_over_the_size_cap_is_refused(feed_server, settings, route):
    settings.FEED_MAX_BYTES = 64 * 1024
    with pytest.raises(FeedFetchError, match="larger than"):
        fetch_feed(feed_server.url(f"{route}?size={64 * 1024 + 1}"))


def test_a_body_at_the_size_cap_is_accepted(feed_server, settings):
    settings.FEED_MAX_BYTES = 64 * 1024
    assert len(fetch_feed(feed_server.url(f"/big?size={64 * 1024}")).body) == 64 * 1024


def test_a_gzip_bomb_is_stopped_at_the_cap_quickly_and_in_bounded_memory(feed_server):
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FeedFetchError, match="larger than the size cap once decompressed"):
            fetch_feed(feed_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    # The bomb inflates to 1 GiB; memory stays near the 5 MiB cap.
    assert peak < 2 * 5 * MiB


def test_a_slow_server_times_out(feed_server, settings):
    settings.FEED_READ_TIMEOUT = 0.2
    started = time.monotonic()
    with pytest.raises(FeedFetchError, match="timed out"):
        fetch_feed(feed_server.url("/slow?seconds=2"))
    assert time.monotonic() - started < 1.5


def test_an_error_status_is_reported_with_its_code(feed_server):
    with pytest.raises(FeedFetchError, match="HTTP 404"):
        fetch_feed(feed_server.url("/missing"))


def test_a_connection_refused_is_reported(feed_server, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound but not listening: connections are refused
        settings.FEED_ALLOWED_PORTS = [port]
        with pytest.raises(FeedFetchError, match=r"127\.0\.0\.1"):
            fetch_feed(f"http://127.0.0.1:{port}/feed.xml")


def test_a_feed_file_over_the_size_cap_is_refused(tmp_path, settings):
    settings.FEED_MAX_BYTES = 1024
    path = tmp_path / "feed.xml"
    path.write_bytes(b"x" * 1025)
    with pytest.raises(FeedFetchError, match="larger than 1024 bytes"):
        read_feed_file(path)


def test_https_connects_to_the_checked_address_and_verifies_the_name(tls_server, resolver):
    answers, lookups = resolver
    answers["feeds.test"] = ["127.0.0.1"]
    port = tls_server.server_address[1]
    fetched = fetch_feed(f"https://feeds.test:{port}/feed.xml")
    assert fetched.body == RSS.read_bytes()
    assert lookups == ["feeds.test"]
    assert tls_server.server_names == ["feeds.test"]
    assert tls_server.requests[0][1]["Host"] == f"feeds.test:{port}"


def test_https_refuses_a_certificate_for_another_name(tls_server):
    port = tls_server.server_address[1]
    with pytest.raises(FeedFetchError, match="certificate"):
        fetch_feed(f"https://127.0.0.1:{port}/feed.xml")


@pytest.mark.parametrize("route", ["/trickle", "/trickle-headers"])
def test_a_response_trickling_in_is_stopped_at_the_deadline(feed_server, settings, route):
    # Each byte comes well within the read timeout; only the deadline stops the fetch.
    settings.FEED_FETCH_DEADLINE = 0.5
    started = time.monotonic()
    with pytest.raises(FeedFetchError, match="took too long"):
        fetch_feed(feed_server.url(f"{route}?seconds=3"))
    assert time.monotonic() - started < 1.5
