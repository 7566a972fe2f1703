"""Polling feeds on their schedule: claim the due ones, poll each, log it, schedule the next.

The schedule lives in the database (FeedState), so any number of schedulers and workers,
restarted at any time, agree on what is due. A poll is idempotent: entries are stored by
the ingestion service, which recognises one stored before by guid, link or content hash,
so a poll run twice, or again after being killed halfway, stores each entry once.
"""

import random
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import FeedFetch, FeedState, FetchOutcome, Source

from .errors import FeedError
from .fetch import FetchResult, fetch_feed
from .hosts import host_slot
from .importer import ImportSummary, ingest_feed
from .parse import parse_feed


def claim_due_sources(now: datetime | None = None, limit: int | None = None) -> list[int]:
    """Ids of the sources whose feed is due, each claimed for one poll interval.

    Claiming moves the next poll one interval ahead, so neither the next tick nor a second
    scheduler sends the same poll again; a poll lost with its message is simply due again
    then. The poll itself sets the real time of the next one.
    """
    now = now or timezone.now()
    ensure_feed_states()
    with transaction.atomic():
        due = FeedState.objects.due(now).select_related("source").order_by("next_poll_at")
        states = list(due.select_for_update(skip_locked=True, of=("self",))[:limit])
        for state in states:
            state.next_poll_at = now + state.source.poll_interval
        FeedState.objects.bulk_update(states, ["next_poll_at"])
    return [state.source_id for state in states]


def ensure_feed_states() -> None:
    """A state for every source with a feed; a new one is due at once."""
    missing = Source.objects.with_feed().filter(feed_state__isnull=True).values_list("pk")
    new = [FeedState(source_id=pk) for (pk,) in missing]
    FeedState.objects.bulk_create(new, ignore_conflicts=True)


def poll_source(source: Source) -> FeedFetch | None:
    """Poll the source's feed once: a conditional GET, new entries ingested, the fetch
    logged and the next poll scheduled (after failures, later and later).

    Returns the logged fetch, or None when the feed's host already has
    FEED_HOST_CONCURRENCY fetches in progress and the poll was put off for a few seconds.
    """
    state = FeedState.objects.get_or_create(source=source)[0]
    log = FeedFetch(source=source, fetched_at=timezone.now(), latency_ms=0)
    clock = time.monotonic()
    try:
        fetched = fetch_politely(source.feed_url, state)
        if fetched is None:
            put_off(state)
            return None
        log.status_code, log.latency_ms = fetched.status, elapsed_ms(clock)
        if fetched.status != 304:
            count(log, ingest_feed(parse_feed(fetched.body), source))
    except FeedError as exc:
        log.status_code = log.status_code or getattr(exc, "status", None)
        log.latency_ms = log.latency_ms or elapsed_ms(clock)
        log.error = str(exc)
        return record(state, log, clock, FetchOutcome.FAILED)
    # The validators are kept only now, once every entry is stored: a poll cut short must
    # download the whole feed again, not be told it is unchanged.
    state.etag, state.last_modified = fetched.etag or "", fetched.last_modified or ""
    unchanged = fetched.status == 304
    return record(state, log, clock, FetchOutcome.UNCHANGED if unchanged else FetchOutcome.FETCHED)


def fetch_politely(url: str, state: FeedState) -> FetchResult | None:
    """The feed, asked for conditionally; None if its host has no fetch slot free."""
    with host_slot(urlsplit(url).hostname or "") as free:
        if not free:
            return None
        return fetch_feed(url, etag=state.etag or None, last_modified=state.last_modified or None)


def count(log: FeedFetch, summary: ImportSummary) -> None:
    log.items_new, log.items_duplicate = summary.created, summary.duplicates
    log.items_failed = len(summary.failed)


def record(state: FeedState, log: FeedFetch, clock: float, outcome: str) -> FeedFetch:
    """Log the fetch and schedule the next poll: an interval on, or later after failures."""
    now = timezone.now()
    log.outcome, log.duration_ms = outcome, elapsed_ms(clock)
    interval = log.source.poll_interval
    state.last_polled_at = now
    if outcome == FetchOutcome.FAILED:
        state.error_streak += 1
        state.last_failure_at, state.last_error = now, log.error
        state.next_poll_at = now + backoff_delay(state.error_streak, interval)
    else:
        state.error_streak, state.last_success_at, state.last_error = 0, now, ""
        state.next_poll_at = now + interval
    with transaction.atomic():
        log.save()
        state.save()
    return log


def backoff_delay(streak: int, interval: timedelta, rng=random) -> timedelta:
    """How long to wait after `streak` failures in a row: the interval doubled for each
    failure after the first, at most FEED_BACKOFF_MAX (or the interval, if longer), then a
    random 50-100% of that, so feeds that failed together are not retried together."""
    seconds = interval.total_seconds()
    ceiling = max(seconds, settings.FEED_BACKOFF_MAX)
    delay = min(ceiling, seconds * 2 ** min(streak - 1, 32))
    return timedelta(seconds=delay * rng.uniform(0.5, 1.0))


def put_off(state: FeedState) -> None:
    delay = settings.FEED_HOST_BUSY_DELAY * random.uniform(1.0, 2.0)
    next_poll = timezone.now() + timedelta(seconds=delay)
    FeedState.objects.filter(pk=state.pk).update(next_poll_at=next_poll)


def elapsed_ms(since: float) -> int:
    return round((time.monotonic() - since) * 1000)


def prune_fetch_log(now: datetime | None = None) -> int:
    """Delete fetch records older than FEED_FETCH_LOG_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.FEED_FETCH_LOG_DAYS)
    return FeedFetch.objects.filter(fetched_at__lt=cutoff).delete()[0]
