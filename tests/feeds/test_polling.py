"""Polling a feed: conditional GETs, new entries only, backoff, host caps, the fetch log."""

import time
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
import redis
from django.core.management import call_command
from django.utils import timezone

from articles.feeds.hosts import KEY, host_slot
from articles.feeds.polling import (
    backoff_delay,
    claim_due_sources,
    poll_source,
    prune_fetch_log,
)
from articles.models import Article, FeedFetch, FeedState
from tests.factories import SourceFactory
from tests.feeds.polling_server import DESK_V1, DESK_V2
from tests.feeds.workers import TEST_REDIS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(board):
    return SourceFactory(name="Harbour Desk", feed_url=board.serve("/desk.xml", DESK_V1))


def state_of(source) -> FeedState:
    return FeedState.objects.get(source=source)


def test_a_first_poll_stores_the_entries_logs_the_fetch_and_schedules_the_next(desk, board):
    before = timezone.now()
    fetch = poll_source(desk)
    assert (fetch.outcome, fetch.status_code) == ("fetched", 200)
    assert (fetch.items_new, fetch.items_duplicate, fetch.items_failed) == (2, 0, 0)
    assert 0 <= fetch.latency_ms <= fetch.duration_ms
    assert before <= fetch.fetched_at <= timezone.now()
    stored = Article.objects.filter(source=desk).values_list("external_id", flat=True)
    assert sorted(stored) == ["desk-0001", "desk-0002"]
    state = state_of(desk)
    assert state.etag == board.feeds["/desk.xml"].etag
    assert (state.error_streak, state.last_error) == (0, "")
    assert state.next_poll_at == state.last_success_at + desk.poll_interval


def test_an_unchanged_feed_costs_one_conditional_request_answered_304(desk, board):
    poll_source(desk)
    again = poll_source(desk)
    assert (again.outcome, again.status_code, again.items_new) == ("unchanged", 304, 0)
    first, second = board.hits("/desk.xml")
    assert "If-None-Match" not in first
    assert second["If-None-Match"] == board.feeds["/desk.xml"].etag
    assert Article.objects.count() == 2


def test_a_changed_feed_stores_only_its_new_entries(desk, board):
    poll_source(desk)
    board.serve("/desk.xml", DESK_V2)
    fetch = poll_source(desk)
    assert (fetch.outcome, fetch.items_new, fetch.items_duplicate) == ("fetched", 1, 2)
    assert Article.objects.filter(source=desk).count() == 3


def test_entries_that_are_not_articles_are_counted_as_failed(board):
    source = SourceFactory(feed_url=board.serve("/wire.xml", DESK_V1.parent / "rss2.xml"))
    fetch = poll_source(source)
    assert (fetch.items_new, fetch.items_failed) == (3, 1)


def test_failures_back_off_exponentially_and_a_success_resets_the_streak(desk, board):
    board.serve("/desk.xml", DESK_V1, status=500)
    interval = desk.poll_interval.total_seconds()
    for streak in (1, 2, 3):
        fetch = poll_source(desk)
        assert (fetch.outcome, fetch.status_code, fetch.items_new) == ("failed", 500, 0)
        assert "HTTP 500" in fetch.error
        state = state_of(desk)
        assert (state.error_streak, state.last_error) == (streak, fetch.error)
        full = interval * 2 ** (streak - 1)
        assert full / 2 <= (state.next_poll_at - state.last_failure_at).total_seconds() <= full
    board.serve("/desk.xml", DESK_V1)
    assert poll_source(desk).outcome == "fetched"
    state = state_of(desk)
    assert (state.error_streak, state.last_error) == (0, "")
    assert state.last_failure_at < state.last_success_at


LOWEST, HIGHEST = SimpleNamespace(uniform=lambda a, b: a), SimpleNamespace(uniform=lambda a, b: b)
HOUR = 3600


@pytest.mark.parametrize(
    ("streak", "interval", "shortest", "longest"),
    [
        (1, 600, 300, 600),  # the first failure: within one interval
        (2, 600, 600, 1200),
        (4, 600, 2400, 4800),
        (30, 600, 3 * HOUR, 6 * HOUR),  # capped at FEED_BACKOFF_MAX
        (3, 48 * HOUR, 24 * HOUR, 48 * HOUR),  # an interval above the cap is the cap
    ],
)
def test_backoff_doubles_per_failure_up_to_a_cap_with_jitter(
    settings, streak, interval, shortest, longest
):
    settings.FEED_BACKOFF_MAX = 6 * HOUR
    every = timedelta(seconds=interval)
    assert backoff_delay(streak, every, LOWEST) == timedelta(seconds=shortest)
    assert backoff_delay(streak, every, HIGHEST) == timedelta(seconds=longest)
    assert len({backoff_delay(streak, every) for _ in range(20)}) > 1


def test_a_feed_on_a_private_address_is_refused_and_the_refusal_logged(desk, board, settings):
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = False
    fetch = poll_source(desk)
    assert (fetch.outcome, fetch.status_code) == ("failed", None)
    assert "not a public address" in fetch.error
    assert board.requests == []
    assert state_of(desk).error_streak == 1


def test_a_hostile_feed_is_refused_after_the_download(board):
    source = SourceFactory(feed_url=board.serve("/dtd.xml", DESK_V1.parent / "xxe_local_file.xml"))
    fetch = poll_source(source)
    assert (fetch.outcome, fetch.status_code) == ("failed", 200)
    assert "refused" in fetch.error
    assert not Article.objects.exists()


def test_due_feeds_are_claimed_once_until_their_next_poll(board):
    due = SourceFactory(feed_url=board.url("/a.xml"))
    SourceFactory(name="No feed")
    later = SourceFactory(feed_url=board.url("/b.xml"))
    now = timezone.now()
    FeedState.objects.create(source=later, next_poll_at=now + timedelta(minutes=5))
    assert claim_due_sources(now) == [due.pk]
    assert claim_due_sources(now) == []
    assert sorted(claim_due_sources(now + timedelta(minutes=16))) == [due.pk, later.pk]


@pytest.fixture(params=["in-process", "redis"])
def slots(request, settings):
    """Host slots counted in the process, or in Redis as workers share them."""
    settings.FEED_HOST_CONCURRENCY = 1
    if request.param == "in-process":
        settings.REDIS_URL = ""
        return None
    connection = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    settings.REDIS_URL = TEST_REDIS_URL
    connection.delete(KEY.format(host="127.0.0.1"))
    return connection


def test_a_poll_is_put_off_while_its_host_has_no_free_slot(desk, board, slots, settings):
    with host_slot("127.0.0.1") as held:
        assert held
        assert poll_source(desk) is None
    assert board.requests == []
    assert not FeedFetch.objects.exists()
    wait = (state_of(desk).next_poll_at - timezone.now()).total_seconds()
    assert 0 < wait <= 2 * settings.FEED_HOST_BUSY_DELAY
    assert poll_source(desk).outcome == "fetched"  # the slot was given back


def test_a_slot_left_behind_by_a_killed_worker_expires(desk, slots):
    if slots is None:
        pytest.skip("only slots shared through Redis outlive a worker")
    slots.zadd(KEY.format(host="127.0.0.1"), {"killed-worker": time.time() - 1})
    assert poll_source(desk).outcome == "fetched"


def test_poll_feeds_once_polls_every_due_feed_in_process(desk, board):
    SourceFactory(name="No feed")
    out = StringIO()
    call_command("poll_feeds", "--once", stdout=out)
    assert out.getvalue() == f"source {desk.pk}: fetched\n"
    assert Article.objects.filter(source=desk).count() == 2
    call_command("poll_feeds", "--once", stdout=(again := StringIO()))
    assert again.getvalue() == ""  # nothing is due until the next interval


def test_fetch_records_past_the_retention_period_are_pruned(desk, settings):
    settings.FEED_FETCH_LOG_DAYS = 30
    kept, old = poll_source(desk), poll_source(desk)
    FeedFetch.objects.filter(pk=old.pk).update(fetched_at=timezone.now() - timedelta(days=31))
    assert prune_fetch_log() == 1
    assert list(FeedFetch.objects.values_list("pk", flat=True)) == [kept.pk]
