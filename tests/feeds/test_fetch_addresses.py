"""Which URLs and addresses the feed client refuses, checked without any network."""

import ipaddress

import pytest

from articles.feeds.addresses import checked_addresses, is_public
from articles.feeds.fetch import FeedFetchError, fetch_feed

INWARD_HOSTS = [
    "127.0.0.1",
    "127.1",
    "0x7f000001",
    "2130706433",
    "017700000001",
    "0177.0.0.1",
    "localhost",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::7f00:1]",
    "0.0.0.0",
    "0",
    "[::]",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "[::ffff:169.254.169.254]",
    "[fe80::1]",
    "[fc00::1]",
    "[fd12:3456::1]",
    "224.0.0.1",
    "[ff02::1]",
    "240.0.0.1",
    "255.255.255.255",
    "[2002:7f00:1::1]",
    "[64:ff9b::a9fe:a9fe]",
]


@pytest.mark.parametrize("host", INWARD_HOSTS)
def test_every_spelling_of_an_inward_address_is_refused_before_connecting(host):
    with pytest.raises(FeedFetchError, match="not a public address"):
        fetch_feed(f"http://{host}/feed.xml")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://feeds.example.com/feed.xml", "only http and https"),
        ("gopher://feeds.example.com/", "only http and https"),
        ("http:///feed.xml", "only http and https"),
        ("http://feeds.example.com:8080/feed.xml", "port 8080 is not allowed"),
        ("https://feeds.example.com:22/", "port 22 is not allowed"),
        ("http://feeds.example.com:0/", "port 0 is not allowed"),
        ("http://user:secret@feeds.example.com/feed.xml", "credentials"),
        ("http://[::1/feed.xml", "not a valid URL"),
    ],
)
def test_urls_with_other_schemes_ports_or_credentials_are_refused(url, reason):
    with pytest.raises(FeedFetchError, match=reason):
        fetch_feed(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::808:808", True),
        ("2002:808:808::1", True),
        ("127.0.0.1", False),
        ("10.255.255.255", False),
        ("169.254.169.254", False),
        ("100.100.100.200", False),
        ("239.255.255.250", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a00:1", False),
        ("2002:a00:1::1", False),
        ("2001:db8::1", False),
        ("::", False),
    ],
)
def test_only_globally_routable_unicast_addresses_count_as_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    "addresses", [["10.1.2.3"], ["93.184.215.14", "192.168.0.10"], ["169.254.169.254"]]
)
def test_a_name_that_resolves_inward_is_refused(resolver, addresses):
    answers, _ = resolver
    answers["feeds.example.com"] = addresses
    with pytest.raises(FeedFetchError, match="not a public address"):
        checked_addresses("feeds.example.com", 80)


def test_a_name_that_resolves_to_public_addresses_is_accepted(resolver):
    answers, _ = resolver
    answers["feeds.example.com"] = ["93.184.215.14", "93.184.215.15"]
    assert checked_addresses("feeds.example.com", 80) == ["93.184.215.14", "93.184.215.15"]


def test_private_addresses_are_accepted_when_the_setting_allows_them(settings):
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = True
    assert checked_addresses("127.1", 80) == ["127.0.0.1"]


def test_a_network_opened_in_settings_is_accepted_and_others_are_not(resolver, settings):
    answers, _ = resolver
    answers.update({"intranet.example": ["10.1.2.3"], "other.example": ["192.168.1.1"]})
    settings.FEED_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert checked_addresses("intranet.example", 80) == ["10.1.2.3"]
    with pytest.raises(FeedFetchError):
        checked_addresses("other.example", 80)
