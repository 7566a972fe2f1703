"""Importing feeds stores entries through the ingestion service, each on its own."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.feeds.importer import external_id, import_feed
from articles.models import Article, Source
from tests.factories import SourceFactory
from tests.feeds.local_server import ATOM, FIXTURES, RSS

UNTITLED = ("wire-2025-0604", "headline: the entry has no title")


@pytest.fixture
def wire(db):
    return SourceFactory(name="Caucasus Wire Service", slug="caucasus-wire-service")


def test_importing_a_feed_file_stores_tagged_articles_for_the_source(wire, world):
    summary = import_feed(wire, path=RSS)
    assert (summary.created, summary.duplicates) == (3, 0)
    talks = Article.objects.get(external_id="wire-2025-0601")
    assert talks.source == wire
    assert talks.canonical_url == "https://wire.example.com/2025/06/talks-resume"
    assert (talks.byline, talks.language) == ("Ani Petrosyan", "en-gb")
    assert world["yerevan"] in talks.regions.all()
    assert world["baku"] in Article.objects.get(headline__startswith="Baku").regions.all()


def test_importing_the_same_feed_again_yields_only_duplicates(wire, world):
    import_feed(wire, path=RSS)
    again = import_feed(wire, path=RSS)
    assert (again.created, again.duplicates, again.failed) == (0, 3, [UNTITLED])
    assert Article.objects.count() == 3


def test_an_entry_without_a_title_is_reported_and_the_others_are_stored(wire):
    summary = import_feed(wire, path=RSS)
    assert summary.failed == [UNTITLED]
    assert Article.objects.count() == 3
    assert not Article.objects.filter(external_id="wire-2025-0604").exists()


def test_an_edited_entry_with_the_same_guid_is_a_duplicate(wire, tmp_path):
    import_feed(wire, path=RSS)
    edited = tmp_path / "edited.xml"
    edited.write_bytes(
        RSS.read_bytes()
        .replace(b"resume in Yerevan</title>", b"resumed in Yerevan</title>")
        .replace(b"/talks-resume</link>", b"/talks-resumed</link>")
    )
    summary = import_feed(wire, path=edited)
    assert (summary.created, summary.duplicates) == (0, 3)


def test_a_feed_without_a_source_is_filed_under_a_source_named_by_its_title(db):
    summary = import_feed(None, path=ATOM)
    assert summary.source.slug == "eastern-europe-desk"
    assert Article.objects.filter(source__name="Eastern Europe Desk").count() == 2


def test_a_feed_is_fetched_from_the_source_feed_url(feed_server, db):
    source = SourceFactory(feed_url=feed_server.url("/feed.xml"))
    summary = import_feed(source)
    assert (summary.created, summary.duplicates) == (3, 0)
    assert feed_server.paths == ["/feed.xml"]


def test_over_long_values_are_fitted_to_the_columns(wire, tmp_path):
    feed = tmp_path / "long.xml"
    title, author, guid = "Long " * 120, "A" * 400, "g" * 300
    link = "https://wire.example.com/" + "p" * 1000
    feed.write_text(
        f"""<rss version="2.0"><channel><title>Long</title><item><title>{title}</title>
        <link>{link}</link><guid>{guid}</guid><author>{author}</author>
        <description>Text.</description></item></channel></rss>"""
    )
    summary = import_feed(wire, path=feed)
    assert (summary.created, summary.failed) == (1, [])
    article = Article.objects.get()
    assert article.headline == ("Long " * 100).strip()
    assert article.byline == "A" * 300
    assert article.external_id == external_id(guid)
    assert article.canonical_url is None


def test_a_guid_longer_than_the_column_is_kept_as_a_stable_digest():
    guid = "https://wire.example.com/?" + "x" * 300
    assert external_id(guid) == external_id(guid)
    assert external_id(guid).startswith("sha256:")
    assert len(external_id(guid)) <= 255


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_feed", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_summary_with_the_failed_entries(wire):
    out, _ = run(RSS, "--source", wire.slug)
    assert f"{RSS}: 3 created, 0 duplicates, 1 failed" in out
    assert "  failed wire-2025-0604: headline: the entry has no title" in out


def test_the_command_fetches_the_feed_url_of_the_named_source(feed_server, db):
    source = SourceFactory(slug="local", feed_url=feed_server.url("/feed.xml"))
    out, _ = run("--source", source.slug)
    assert out.startswith(f"{source.feed_url}: 3 created, 0 duplicates, 1 failed")
    assert Article.objects.filter(source=source).count() == 3


def test_the_command_imports_every_source_with_a_feed_url(feed_server, db):
    SourceFactory(slug="local", feed_url=feed_server.url("/feed.xml"))
    SourceFactory(slug="no-feed")
    out, _ = run("--all")
    assert out.startswith(f"{feed_server.url('/feed.xml')}: 3 created, 0 duplicates, 1 failed")


def test_the_command_reports_a_feed_it_could_not_import_and_goes_on(feed_server, db):
    SourceFactory(name="A missing", feed_url=feed_server.url("/missing"))
    SourceFactory(name="B local", feed_url=feed_server.url("/feed.xml"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 feeds could not be imported"):
        call_command("import_feed", "--all", stdout=out, stderr=err)
    assert f"{feed_server.url('/missing')}: not imported: " in err.getvalue()
    assert "HTTP 404" in err.getvalue()
    assert f"{feed_server.url('/feed.xml')}: 3 created" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "no-such-source", str(RSS)], "No source with slug"),
        ([], "Give a feed URL or file"),
        (["--all", str(RSS)], "--all takes no feed"),
        ([str(FIXTURES / "billion_laughs.xml")], "could not be imported"),
    ],
)
def test_the_command_refuses_what_it_cannot_import(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_feed", *args, stdout=StringIO(), stderr=StringIO())
    assert not Source.objects.filter(slug="laughs").exists()
