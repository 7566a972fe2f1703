"""Feed parsing: RSS and Atom map to article fields; hostile XML is refused unexpanded."""

import time
from datetime import UTC, datetime

import pytest

from articles.feeds.parse import FeedParseError, parse_feed
from articles.feeds.text import to_text
from tests.feeds.local_server import ATOM, FIXTURES, RSS

HOSTILE = ["billion_laughs", "quadratic_blowup", "xxe_local_file", "external_dtd"]
HOSTILE += ["parameter_entity"]


def test_an_rss_item_maps_to_article_fields():
    feed = parse_feed(RSS.read_bytes())
    assert (feed.title, feed.link, feed.language) == (
        "Caucasus Wire",
        "https://wire.example.com/",
        "en-gb",
    )
    entry = feed.entries[0]
    assert entry.headline == "Talks on the border resume in Yerevan"
    assert entry.body == (
        "Delegations from Armenia and Azerbaijan met in Yerevan on Tuesday & agreed to meet "
        "again.\n\nThe talks in Yerevan lasted six hours, officials said."
    )
    assert entry.summary == "Delegations met in Yerevan on Tuesday."
    assert entry.canonical_url == "https://wire.example.com/2025/06/talks-resume"
    assert entry.external_id == "wire-2025-0601"
    assert entry.published_at == datetime(2025, 6, 3, 5, 30, tzinfo=UTC)
    assert (entry.language, entry.byline) == ("en-gb", "Ani Petrosyan")


def test_an_rss_item_without_a_guid_is_identified_by_its_link():
    entry = parse_feed(RSS.read_bytes()).entries[1]
    assert entry.external_id == entry.canonical_url == "https://wire.example.com/2025/06/baku-port"
    assert entry.body == (
        "The port of Baku opened a new terminal.\n\nCargo from Baku will double by 2027."
    )
    assert entry.summary == ""


def test_an_atom_entry_maps_to_article_fields():
    feed = parse_feed(ATOM.read_bytes())
    assert (feed.title, feed.link, feed.language) == (
        "Eastern Europe Desk",
        "https://desk.example.org/",
        "en",
    )
    metro, festival = feed.entries
    assert metro.headline == "Moscow metro opens new line"
    assert metro.body == (
        "The Moscow metro opened its newest line on Tuesday.\n\nTrains will run every two minutes."
    )
    assert metro.summary == "A new line opened in Moscow."
    assert metro.external_id == "tag:desk.example.org,2025:metro"
    assert metro.published_at == datetime(2025, 6, 3, 7, 15, tzinfo=UTC)
    assert metro.byline == "Ivan Sokolov"
    assert (festival.language, festival.published_at) == (
        "hy",
        datetime(2025, 6, 2, 18, tzinfo=UTC),
    )


def test_an_entry_without_a_date_is_published_now():
    entry = parse_feed(RSS.read_bytes()).entries[3]
    assert entry.published_at.tzinfo is UTC
    assert abs((datetime.now(UTC) - entry.published_at).total_seconds()) < 60


def test_markup_and_scripts_in_an_entry_become_inert_text():
    entry = parse_feed(RSS.read_bytes()).entries[2]
    assert entry.headline == "Markup in a story stays text"
    assert entry.body == (
        "Editors in Moscow wrote this paragraph.\n\nThe <b> tag is shown as written."
    )
    for text in (entry.headline, entry.body):
        for trace in ("script", "alert", "onerror", "onclick", "javascript", "color: red"):
            assert trace not in text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Line one<br>line two<br/><br/>line three", "Line one\n\nline two\n\nline three"),
        ("<ul><li>First</li><li>Second</li></ul>", "First\n\nSecond"),
        ("Fish &amp; chips &eacute;t&#233; &#x2014; &nbsp;done", "Fish & chips été — done"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("<script>alert(1)</script>Visible", "Visible"),
        ("<style>p{}</style><p>Styled</p>", "Styled"),
        ("<p>Unclosed <script>hidden", "Unclosed"),
        ("<iframe src='https://evil.example'>fallback</iframe>Kept", "Kept"),
        ("Null\x00 and bell\x07 removed", "Null and bell removed"),
        ("   \n\n  ", ""),
    ],
)
def test_html_becomes_plain_text_paragraphs(html, text):
    assert to_text(html) == text


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_xml_is_refused_quickly_without_expanding_anything(name):
    started = time.monotonic()
    with pytest.raises(FeedParseError, match="feed refused") as refused:
        parse_feed((FIXTURES / f"{name}.xml").read_bytes())
    assert time.monotonic() - started < 1
    assert "lollol" not in str(refused.value)
    assert "root:" not in str(refused.value)


def test_a_utf16_billion_laughs_is_refused_too():
    text = (FIXTURES / "billion_laughs.xml").read_text()
    text = text.replace('"1.0"?>', '"1.0" encoding="utf-16"?>')
    with pytest.raises(FeedParseError, match="feed refused"):
        parse_feed(text.encode("utf-16"))


def test_declarations_are_refused_even_when_the_document_is_not_well_formed():
    data = (FIXTURES / "xxe_local_file.xml").read_bytes()
    broken = data.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="no-such"?>')
    with pytest.raises(FeedParseError, match="feed refused"):
        parse_feed(broken)


def test_an_external_dtd_is_never_fetched(feed_server):
    dtd = feed_server.url("/evil.dtd")
    data = (FIXTURES / "external_dtd.xml").read_text().replace("http://127.0.0.1:9/evil.dtd", dtd)
    with pytest.raises(FeedParseError):
        parse_feed(data.encode())
    assert feed_server.requests == []


def test_a_feed_with_an_undeclared_html_entity_is_still_read():
    data = b"""<rss version="2.0"><channel><title>Loose</title><item><title>Caf&eacute;
        opens</title><description>Open&nbsp;daily.</description></item></channel></rss>"""
    (entry,) = parse_feed(data).entries
    assert (entry.headline, entry.body) == ("Café opens", "Open daily.")


@pytest.mark.parametrize(
    "data", [b"", b"<html><body><p>Not a feed.</p></body></html>", b"\x00\xff binary"]
)
def test_a_document_that_is_not_a_feed_is_refused(data):
    with pytest.raises(FeedParseError, match="not an RSS or Atom feed"):
        parse_feed(data)
