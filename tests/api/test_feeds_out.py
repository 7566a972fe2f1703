"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest articles, read back as a client would."""

import html
import json
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from jsonschema import Draft202012Validator

from tests.factories import ArticleFactory, SectionFactory, SourceFactory, tag

pytestmark = pytest.mark.django_db

RSS, ATOM, JSON_FEED = "/feeds/articles.rss", "/feeds/articles.atom", "/feeds/articles.json"
FEEDS = {
    RSS: "application/rss+xml; charset=utf-8",
    ATOM: "application/atom+xml; charset=utf-8",
    JSON_FEED: "application/feed+json; charset=utf-8",
}
PUBLISHED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def parsed_time(struct):
    return datetime(*struct[:6], tzinfo=UTC)


def read_feed(api, url, params=None, **headers):
    """The feed as its readers see it: JSON Feed as JSON, the others through feedparser."""
    response = api.get(url, params or {}, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == FEEDS[url]
    if url == JSON_FEED:
        return json.loads(response.content)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def titles(api, url, params=None):
    feed = read_feed(api, url, params)
    items = feed["items"] if url == JSON_FEED else feed.entries
    return [item["title"] for item in items]


@pytest.fixture
def story(world):
    source = SourceFactory(name="Reuters", slug="reuters", homepage="https://www.reuters.com/")
    story = ArticleFactory(
        headline="Ceasefire holds along the border",
        summary="Both sides reported a quiet night.",
        body="Both sides reported a quiet night.\n\nMonitors will visit on Friday.",
        byline="Ann Lee",
        source=source,
        language="en-GB",
        published_at=PUBLISHED,
    )
    tag(story, world["yerevan"])
    tag(story, world["baku"], is_main=False, relevance=0.5)
    story.refresh_from_db()
    return story


def test_rss_item_carries_every_field(api, story):
    feed = read_feed(api, RSS)
    assert feed.version == "rss20"
    assert feed.feed.title == "News API: latest articles"
    assert feed.feed.link == "http://testserver/api/v1/articles/"
    assert "language" not in feed.feed  # articles of every language
    (entry,) = feed.entries
    url = f"http://testserver/api/v1/articles/{story.pk}/"
    assert entry.title == "Ceasefire holds along the border"
    assert entry.link == url
    assert entry.id == url
    assert parsed_time(entry.published_parsed) == PUBLISHED
    assert entry.author == "Ann Lee"
    assert entry.summary == "Both sides reported a quiet night."
    assert [category.term for category in entry.tags] == ["World", "Yerevan", "Baku"]


def test_atom_entry_carries_every_field(api, story):
    feed = read_feed(api, ATOM)
    assert feed.version == "atom10"
    assert feed.feed.id == "http://testserver/feeds/articles.atom"
    assert feed.feed.author == "News API"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "alternate": "http://testserver/api/v1/articles/",
        "self": "http://testserver/feeds/articles.atom",
    }
    (entry,) = feed.entries
    url = f"http://testserver/api/v1/articles/{story.pk}/"
    assert (entry.title, entry.link, entry.id) == ("Ceasefire holds along the border", url, url)
    assert parsed_time(entry.published_parsed) == PUBLISHED
    assert parsed_time(entry.updated_parsed) == story.updated_at.replace(microsecond=0)
    assert entry.author == "Ann Lee"
    assert entry.summary == "Both sides reported a quiet night."
    assert [category.term for category in entry.tags] == ["World", "Yerevan", "Baku"]


def test_json_feed_item_carries_every_field(api, story):
    feed = read_feed(api, JSON_FEED)
    url = f"http://testserver/api/v1/articles/{story.pk}/"
    assert feed == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "News API: latest articles",
        "home_page_url": "http://testserver/api/v1/articles/",
        "feed_url": "http://testserver/feeds/articles.json",
        "description": "The latest 50 articles, newest first.",
        "authors": [{"name": "News API"}],
        "items": [
            {
                "id": url,
                "url": url,
                "title": "Ceasefire holds along the border",
                "content_text": "Both sides reported a quiet night.",
                "summary": "Both sides reported a quiet night.",
                "date_published": "2026-03-01T09:30:00+00:00",
                "date_modified": story.updated_at.isoformat(),
                "authors": [{"name": "Ann Lee"}],
                "tags": ["World", "Yerevan", "Baku"],
                "language": "en-GB",
            }
        ],
    }


def test_json_feed_matches_its_documented_schema(api, story):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    content = schema["paths"][JSON_FEED]["get"]["responses"]["200"]["content"]
    validator = Draft202012Validator(
        content["application/feed+json"]["schema"],
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    ArticleFactory(byline="", summary="", section=None)
    assert not list(validator.iter_errors(read_feed(api, JSON_FEED)))


@pytest.mark.parametrize("url", FEEDS)
def test_item_without_summary_or_byline_says_its_first_paragraph(api, url):
    ArticleFactory(summary="", byline="", body="  Ships sailed at dawn.\n\nMore later.")
    feed = read_feed(api, url)
    if url == JSON_FEED:
        (item,) = feed["items"]
        assert item["content_text"] == "Ships sailed at dawn."
        assert "authors" not in item
    else:
        (entry,) = feed.entries
        assert entry.summary == "Ships sailed at dawn."
        assert "author_detail" not in entry or entry.author_detail.name == "News API"


@pytest.fixture
def tagged(world):
    """Articles about Yerevan, Baku and Moscow, in sections, sources and languages."""
    business = SectionFactory(name="Business")
    tass = SourceFactory(name="TASS", slug="tass")
    yerevan = ArticleFactory(
        headline="Yerevan story",
        body="Talks on the ceasefire went on.",
        published_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    baku = ArticleFactory(
        headline="Baku story", section=business, published_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    moscow = ArticleFactory(
        headline="Moscow story",
        source=tass,
        language="ru",
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    tag(yerevan, world["yerevan"])
    tag(baku, world["baku"])
    tag(moscow, world["moscow"])
    tag(moscow, world["armenia"], is_main=False)


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Yerevan story", "Baku story", "Moscow story"]),
        ({"region": "armenia"}, ["Yerevan story", "Moscow story"]),
        ({"region": "western-asia"}, ["Yerevan story", "Baku story", "Moscow story"]),
        ({"region": "AZ"}, ["Baku story"]),
        ({"main_region": "armenia"}, ["Yerevan story"]),
        ({"region": ["baku", "moscow"]}, ["Baku story", "Moscow story"]),
        ({"section": "business"}, ["Baku story"]),
        ({"source": "tass"}, ["Moscow story"]),
        ({"language": "ru"}, ["Moscow story"]),
        ({"q": "ceasefire"}, ["Yerevan story"]),
        ({"published_after": "2026-02-01T00:00:00Z"}, ["Yerevan story", "Baku story"]),
    ],
)
def test_feeds_take_the_article_list_filters(api, tagged, url, params, expected):
    assert titles(api, url, params) == expected


@pytest.mark.parametrize("url", FEEDS)
def test_feed_declares_a_language_only_when_filtered_by_one(api, tagged, url):
    feed = read_feed(api, url, {"language": "ru"})
    assert (feed if url == JSON_FEED else feed.feed)["language"] == "ru"
    feed = read_feed(api, url)
    assert "language" not in (feed if url == JSON_FEED else feed.feed)


@pytest.mark.parametrize("url", FEEDS)
def test_feed_names_its_filters_and_links_the_same_list(api, tagged, url):
    feed = read_feed(api, url, {"region": "armenia", "section": "world"})
    title = feed["title"] if url == JSON_FEED else feed.feed.title
    assert title == "News API: latest articles (region=armenia, section=world)"
    home = feed["home_page_url"] if url == JSON_FEED else feed.feed.link
    assert home == "http://testserver/api/v1/articles/?region=armenia&section=world"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_holds_the_latest_50_newest_first(api, url):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hour in range(55):
        ArticleFactory(headline=f"Hour {hour}", published_at=start + timedelta(hours=hour))
    assert titles(api, url) == [f"Hour {hour}" for hour in range(54, 4, -1)]


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize(
    ("params", "field", "reason"),
    [
        ({"bogus": "1"}, "bogus", "Unknown query parameter."),
        ({"cursor": "abc"}, "cursor", "Unknown query parameter."),
        ({"page_size": "5"}, "page_size", "Unknown query parameter."),
        ({"ordering": "published_at"}, "ordering", "Unknown query parameter."),
        ({"format": "json"}, "format", "Unknown query parameter."),
        ({"region": "atlantis"}, "region", "Unknown region: atlantis."),
        ({"published_after": "soon"}, "published_after", "Enter a valid date/time."),
    ],
)
def test_bad_parameters_are_refused_with_problem_details(api, url, params, field, reason):
    response = api.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/validation-error"
    assert [(error["field"], error["in"], error["reason"]) for error in body["errors"]] == [
        (field, "query", reason)
    ]


HOSTILE_HEADLINE = '<script>alert("x")</script> Talks & "truce"'
HOSTILE_SUMMARY = "<img src=x onerror=alert(1)> Both sides <b>agreed</b>."


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_hostile_text_is_escaped_in_xml_feeds(api, url):
    ArticleFactory(headline=HOSTILE_HEADLINE, summary=HOSTILE_SUMMARY, byline="<i>Eve</i>")
    raw = api.get(url).content.decode()
    for markup in ("<script", "<img", "<b>", "<i>"):
        assert markup not in raw
    (entry,) = feedparser.parse(raw.encode()).entries
    # The title is plain text, read back exactly as written.
    assert entry.title_detail.type == "text/plain"
    assert entry.title == HOSTILE_HEADLINE
    # The summary is HTML that shows the text as written: escaped, so no element survives.
    assert entry.summary_detail.type == "text/html"
    assert "<" not in entry.summary
    assert html.unescape(entry.summary) == HOSTILE_SUMMARY
    assert entry.author == "<i>Eve</i>"


def test_hostile_text_stays_plain_text_in_json_feed(api):
    ArticleFactory(headline=HOSTILE_HEADLINE, summary=HOSTILE_SUMMARY)
    (item,) = read_feed(api, JSON_FEED)["items"]
    assert item["title"] == HOSTILE_HEADLINE
    assert item["content_text"] == HOSTILE_SUMMARY
    assert "content_html" not in item


@pytest.mark.parametrize("url", FEEDS)
def test_feed_says_when_its_newest_item_last_changed(api, story, url):
    older = ArticleFactory(published_at=PUBLISHED - timedelta(days=1))
    newest = max(story.updated_at, older.updated_at)
    response = api.get(url)
    assert response["Last-Modified"] == http_date(newest.timestamp())


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_are_served_whatever_accept_says(api, url):
    ArticleFactory()
    for accept in ("text/xml", "application/xml", "application/json", "text/html"):
        response = api.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200, accept
        assert response["Content-Type"] == FEEDS[url]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_costs_no_query_per_item(api, world, url):
    def count_queries():
        cache.clear()  # no response served from the shared cache: count the view's queries
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url, {"region": "asia"}).status_code == 200
        return len(captured)

    def add_article():
        story = ArticleFactory()
        tag(story, world["yerevan"])
        tag(story, world["baku"], is_main=False)

    add_article()
    few = count_queries()
    for _ in range(4):
        add_article()
    assert count_queries() == few


def link_header(response):
    """RFC 8288 `Link` header as (target, {param: value}) pairs."""
    links = []
    for link in response["Link"].split(", "):
        target, *params = link.split("; ")
        values = dict(param.split("=", 1) for param in params)
        links.append((target.strip("<>"), {k: v.strip('"') for k, v in values.items()}))
    return links


def test_article_list_advertises_its_feeds_in_link_headers(api, tagged):
    response = api.get("/api/v1/articles/", {"region": "armenia"})
    assert link_header(response) == [
        ("/feeds/articles.rss?region=armenia", {"rel": "alternate", "type": "application/rss+xml"}),
        (
            "/feeds/articles.atom?region=armenia",
            {"rel": "alternate", "type": "application/atom+xml"},
        ),
        (
            "/feeds/articles.json?region=armenia",
            {"rel": "alternate", "type": "application/feed+json"},
        ),
    ]
    for target, params in link_header(response):
        feed = api.get(target)
        assert feed.status_code == 200
        assert feed["Content-Type"].startswith(params["type"])


def test_feed_links_keep_the_filters_but_not_paging_or_format(api, tagged):
    response = api.get(
        "/api/v1/articles/",
        {"section": "world", "page_size": "1", "ordering": "published_at", "format": "ninjs"},
    )
    assert response.status_code == 200
    targets = [target for target, _ in link_header(response)]
    assert targets == [f"/feeds/articles.{kind}?section=world" for kind in ("rss", "atom", "json")]
    following = api.get(response.json()["next"])
    assert [target for target, _ in link_header(following)] == targets
    # Without filters the links name the unfiltered feeds.
    assert link_header(api.get("/api/v1/articles/"))[0][0] == "/feeds/articles.rss"
