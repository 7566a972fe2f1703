"""Job-queue tasks: thin, idempotent, each a call to a feed-polling service.

`enqueue_due_feeds` runs on the beat schedule and sends one `poll_feed` per due source.
Tasks are acknowledged only when done (CELERY_TASK_ACKS_LATE), so one whose worker died
is run again; running a poll again stores nothing twice.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from articles.feeds import polling
from articles.models import Source


@shared_task
def enqueue_due_feeds() -> int:
    """Send a poll for every source whose feed is due; returns how many were sent."""
    due = polling.claim_due_sources()
    for source_id in due:
        poll_feed.delay(source_id)
    return len(due)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),  # the database is away for a moment
    retry_backoff=True,
    max_retries=5,
)
def poll_feed(source_id: int) -> str:
    """Poll one source's feed; returns the outcome, for the worker's log."""
    source = Source.objects.with_feed().filter(pk=source_id).first()
    if source is None:
        return "no feed"  # deleted, or its feed URL removed, since it was sent
    fetch = polling.poll_source(source)
    return fetch.outcome if fetch else "put off: host busy"


@shared_task
def prune_feed_fetches() -> int:
    return polling.prune_fetch_log()
