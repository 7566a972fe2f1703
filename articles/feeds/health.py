"""How a source's feed is doing: last success, lag, error streak, throughput, recent fetches."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min, Sum
from django.utils import timezone

from articles.models import FeedFetch, FeedState, Source

THROUGHPUT_WINDOW = timedelta(days=7)
RECENT_FETCHES = 10


@dataclass(frozen=True)
class FeedHealth:
    source: Source
    poll_interval_seconds: float
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_failure_at: datetime | None
    next_poll_at: datetime | None
    last_error: str
    error_streak: int
    lag_seconds: float | None
    stale: bool
    items_per_day: float
    recent_fetches: list[FeedFetch]


def feed_health(source: Source, now: datetime | None = None) -> FeedHealth:
    """The health of the source's feed, in four queries."""
    now = now or timezone.now()
    state = FeedState.objects.filter(source=source).first() or FeedState(source=source)
    last_success = state.last_success_at
    return FeedHealth(
        source=source,
        poll_interval_seconds=source.poll_interval.total_seconds(),
        last_polled_at=state.last_polled_at,
        last_success_at=last_success,
        last_failure_at=state.last_failure_at,
        next_poll_at=state.next_poll_at,
        last_error=state.last_error,
        error_streak=state.error_streak,
        lag_seconds=(now - last_success).total_seconds() if last_success else None,
        stale=Source.objects.stale_feeds(now).filter(pk=source.pk).exists(),
        items_per_day=items_per_day(source, now),
        recent_fetches=list(source.feed_fetches.all()[:RECENT_FETCHES]),
    )


def items_per_day(source: Source, now: datetime) -> float:
    """New entries stored per day over the last week, or since polling began if later;
    a window shorter than a day counts as a day, so a first big fetch is not a rate."""
    since = now - THROUGHPUT_WINDOW
    totals = source.feed_fetches.filter(fetched_at__gte=since).aggregate(
        new=Sum("items_new"), first=Min("fetched_at")
    )
    if not totals["new"]:
        return 0.0
    days = max((now - totals["first"]) / timedelta(days=1), 1.0)
    return round(totals["new"] / days, 2)
