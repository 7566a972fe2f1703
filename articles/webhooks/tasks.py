"""Job-queue tasks for webhooks and the change feed: thin, each a call to a service.

`deliver_webhooks` runs after commits that wrote change events and on the beat schedule:
it matches new events to subscriptions and sends one `send_delivery` per claimed delivery.
A delivery that ends (sent, or given up) sends the next one about the same article.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from articles.changes import prune_changes as prune
from articles.models import DeliveryStatus

from . import sending
from .dispatch import dispatch_all


@shared_task
def deliver_webhooks() -> int:
    """Match new events, then send a task for each due delivery; returns how many."""
    dispatch_all()
    claimed = sending.claim_due(limit=500)
    for delivery_id, attempt in claimed:
        send_delivery.delay(delivery_id, attempt)
    return len(claimed)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),  # the database is away for a moment
    retry_backoff=True,
    max_retries=5,
)
def send_delivery(delivery_id: int, attempt: int) -> str:
    """Make one claimed attempt; returns the delivery's status after it, for the log."""
    status = sending.send_claimed(delivery_id, attempt)
    if status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        for follower_id, follower_attempt in sending.claim_follower(delivery_id):
            send_delivery.delay(follower_id, follower_attempt)
    return status or "claimed by another sender"


@shared_task
def prune_changes() -> int:
    return prune()
