"""`GET /sources/{slug}/health/` and `?stale=` on the source list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.feeds.polling import poll_source
from articles.models import FeedState
from tests.factories import SourceFactory
from tests.feeds.polling_server import DESK_V1
from tests.test_schema import response_validator

pytestmark = pytest.mark.django_db


def health(api, slug):
    return api.get(f"/api/v1/sources/{slug}/health/")


def test_health_reports_the_last_success_the_error_streak_and_recent_fetches(api, board):
    source = SourceFactory(slug="desk", feed_url=board.serve("/desk.xml", DESK_V1))
    poll_source(source)
    board.serve("/desk.xml", DESK_V1, status=503)
    poll_source(source)
    response = health(api, "desk")
    assert response.status_code == 200
    body = response.json()
    state = FeedState.objects.get(source=source)
    assert (body["source"], body["feed_url"]) == ("desk", source.feed_url)
    assert (body["poll_interval"], body["error_streak"], body["stale"]) == (900.0, 1, False)
    assert body["last_success_at"] == state.last_success_at.isoformat().replace("+00:00", "Z")
    assert "HTTP 503" in body["last_error"]
    assert 0 <= body["lag_seconds"] < 60
    assert body["items_per_day"] == 2.0  # two new entries, in less than a day
    failed, fetched = body["recent_fetches"]
    assert (failed["outcome"], failed["status_code"], failed["items_new"]) == ("failed", 503, 0)
    assert (fetched["outcome"], fetched["status_code"], fetched["items_new"]) == ("fetched", 200, 2)
    assert fetched["latency_ms"] >= 0


def test_health_of_a_feed_never_polled_is_stale_with_no_lag(api, board):
    SourceFactory(slug="new", feed_url=board.url("/new.xml"))
    body = health(api, "new").json()
    assert (body["stale"], body["lag_seconds"], body["last_success_at"]) == (True, None, None)
    assert (body["recent_fetches"], body["items_per_day"], body["error_streak"]) == ([], 0.0, 0)


def test_items_per_day_averages_over_the_days_polled(api, board):
    source = SourceFactory(slug="desk", feed_url=board.serve("/desk.xml", DESK_V1))
    fetch = poll_source(source)
    fetch.fetched_at = timezone.now() - timedelta(days=4)
    fetch.save()
    assert health(api, "desk").json()["items_per_day"] == 0.5


def test_health_takes_a_constant_number_of_queries(api, board, django_assert_max_num_queries):
    source = SourceFactory(slug="desk", feed_url=board.serve("/desk.xml", DESK_V1))
    for _ in range(5):
        poll_source(source)
    with django_assert_max_num_queries(6):
        assert health(api, "desk").status_code == 200


def test_a_source_without_a_feed_has_no_health(api):
    SourceFactory(slug="print-only")
    response = health(api, "print-only")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "This source has no feed."


def test_health_refuses_unknown_parameters(api, board):
    SourceFactory(slug="desk", feed_url=board.url("/desk.xml"))
    response = api.get("/api/v1/sources/desk/health/", {"verbose": "1"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "verbose"


@pytest.fixture
def feeds(board):
    """Sources in every state a feed can be in, with the default 15-minute interval."""
    now = timezone.now()
    succeeded = {"recent": now - timedelta(minutes=10), "old": now - timedelta(hours=2)}
    for name, when in succeeded.items():
        source = SourceFactory(slug=name, feed_url=board.url(f"/{name}.xml"))
        FeedState.objects.create(source=source, last_success_at=when)
    hourly = SourceFactory(slug="hourly", feed_url=board.url("/hourly.xml"))
    hourly.poll_interval = timedelta(hours=1)
    hourly.save()
    FeedState.objects.create(source=hourly, last_success_at=succeeded["old"])
    SourceFactory(slug="never", feed_url=board.url("/never.xml"))
    SourceFactory(slug="no-feed")


@pytest.mark.parametrize(
    ("stale", "expected"),
    [
        ("true", ["never", "old"]),  # never read, or not for 3 x 15 minutes
        ("false", ["hourly", "recent"]),  # two hours is within 3 x 1 hour
    ],
)
def test_the_source_list_filters_on_stale_feeds(api, feeds, stale, expected):
    response = api.get("/api/v1/sources/", {"stale": stale})
    assert response.status_code == 200
    assert sorted(item["slug"] for item in response.json()["results"]) == expected


def test_a_poll_that_stores_nothing_still_changes_the_stale_list_at_once(api, board):
    empty = b'<rss version="2.0"><channel><title>Quiet desk</title></channel></rss>'
    source = SourceFactory(slug="quiet", feed_url=board.serve("/quiet.xml", empty))
    before = api.get("/api/v1/sources/", {"stale": "true"})
    assert [item["slug"] for item in before.json()["results"]] == ["quiet"]
    assert not before.has_header("ETag")  # the content version does not date this answer
    assert poll_source(source).items_new == 0
    after = api.get("/api/v1/sources/", {"stale": "true"})
    assert after.json()["results"] == []


def test_the_stale_filter_refuses_values_other_than_true_and_false(api):
    response = api.get("/api/v1/sources/", {"stale": "maybe"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "stale"


def test_health_with_fetches_conforms_to_the_schema(api, board, settings):
    source = SourceFactory(slug="desk", feed_url=board.serve("/desk.xml", DESK_V1))
    poll_source(source)  # fetched, with an HTTP status
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = False
    poll_source(source)  # refused before any request: no HTTP status
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    body = health(api, "desk").json()
    assert [fetch["status_code"] for fetch in body["recent_fetches"]] == [None, 200]
    validator = response_validator(schema, "/api/v1/sources/{slug}/health/")
    assert [error.message for error in validator.iter_errors(body)] == []
