"""Sending deliveries: claimed one attempt at a time, signed, retried with backoff.

A claim counts the attempt and moves the delivery's next attempt past a lease, so another
sender leaves it alone meanwhile and takes it up again if this one dies (at least once).
The attempt number is the claim's token: a sender whose claim was taken over records
nothing. Only the earliest pending delivery of a subscription and article is ever due, so
events about one article arrive in order (DeliveryQuerySet.due).
"""

import json
import logging
import random
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from articles.models import Delivery, DeliveryStatus, Subscription
from articles.serializers.changes import ChangeEventSerializer

from .signing import signature
from .transport import TargetRefused, post

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT + 60)


def claim_due(limit=100, now: datetime | None = None, **narrower) -> list[tuple[int, int]]:
    """Claim due deliveries (optionally narrowed, e.g. to one subscription's article) for
    one attempt each; returns each one's id and attempt number."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Delivery.objects.due(now).filter(**narrower).order_by("next_attempt_at", "id")
        claimed = list(due.select_for_update(skip_locked=True, of=("self",))[:limit])
        for delivery in claimed:
            delivery.attempts += 1
            delivery.next_attempt_at = now + lease()
        Delivery.objects.bulk_update(claimed, ["attempts", "next_attempt_at"])
    return [(delivery.pk, delivery.attempts) for delivery in claimed]


def claim_follower(delivery_id: int) -> list[tuple[int, int]]:
    """Claim the next delivery about the same article as this ended one, if it is due."""
    ended = Delivery.objects.filter(pk=delivery_id).values("subscription_id", "article_id")
    ended = ended.first()
    return claim_due(limit=1, **ended) if ended else []


def next_due_at() -> datetime | None:
    """When the next delivery that may be sent comes due (in the past if one is due now)."""
    return Delivery.objects.heads().aggregate(first=Min("next_attempt_at"))["first"]


def send_claimed(delivery_id: int, attempt: int) -> str | None:
    """Make the claimed attempt and record it; the delivery's status after it, or None if
    the claim is no longer this one's."""
    delivery = _claimed(delivery_id, attempt)
    if delivery is None:
        return None
    message_id, timestamp = f"evt_{delivery.event_id}", int(time.time())
    body = payload(delivery)
    headers = {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(delivery.subscription.secret, message_id, timestamp, body),
    }
    clock = time.monotonic()
    try:
        code, error = post(delivery.subscription.target_url, body, headers), ""
    except TargetRefused as exc:
        code, error = None, str(exc)
    latency = round((time.monotonic() - clock) * 1000)
    if code is not None and not 200 <= code < 300:
        error = f"answered HTTP {code}"
    return record(delivery, attempt, code, latency, error)


def _claimed(delivery_id: int, attempt: int) -> Delivery | None:
    pending = Delivery.objects.filter(
        pk=delivery_id, attempts=attempt, status=DeliveryStatus.PENDING
    )
    return pending.select_related("subscription", "event").first()


def payload(delivery: Delivery) -> bytes:
    """The body: the same for every attempt, so only the signature headers change."""
    event = ChangeEventSerializer(delivery.event).data
    message = {"type": f"article.{event['kind']}", "timestamp": event["occurred_at"], "data": event}
    return json.dumps(message, separators=(",", ":")).encode()


def record(delivery: Delivery, attempt: int, code, latency_ms: int, error: str) -> str | None:
    now = timezone.now()
    succeeded = not error
    fields = {"last_attempt_at": now, "response_code": code, "latency_ms": latency_ms}
    fields["error"] = error[:1000]
    if succeeded:
        fields.update(status=DeliveryStatus.SUCCEEDED, next_attempt_at=None)
    elif attempt > len(settings.WEBHOOK_RETRY_SCHEDULE):
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    else:
        fields.update(next_attempt_at=now + retry_delay(attempt))
    with transaction.atomic():
        mine = Delivery.objects.filter(
            pk=delivery.pk, attempts=attempt, status=DeliveryStatus.PENDING
        )
        if not mine.update(**fields):
            return None
        _count(delivery.subscription_id, succeeded, now)
    if error:
        logger.info("webhook %s delivery %s attempt %s: %s",
                    delivery.subscription_id, delivery.pk, attempt, error)  # fmt: skip
    return fields.get("status", DeliveryStatus.PENDING)


def retry_delay(attempt: int, rng=random) -> timedelta:
    """The wait after failed attempt `attempt` (1 is the first), less up to a fifth, so
    deliveries that failed together are not all retried together."""
    seconds = settings.WEBHOOK_RETRY_SCHEDULE[attempt - 1]
    return timedelta(seconds=seconds * rng.uniform(0.8, 1.0))


def _count(subscription_id: int, succeeded: bool, now: datetime) -> None:
    """Keep the failure streak; a subscription failing WEBHOOK_DISABLE_AFTER attempts in a
    row is turned off (its deliveries wait until it is turned on again)."""
    subscription = Subscription.objects.filter(pk=subscription_id)
    if succeeded:
        subscription.exclude(failure_streak=0).update(failure_streak=0)
        return
    subscription.update(failure_streak=F("failure_streak") + 1)
    subscription.filter(active=True, failure_streak__gte=settings.WEBHOOK_DISABLE_AFTER).update(
        active=False, disabled_at=now
    )
