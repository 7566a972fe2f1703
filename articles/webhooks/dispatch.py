"""Matching committed change events to subscriptions: a pending delivery for each match.

Each subscription keeps its own position in the change feed (`dispatched_through`), moved
on in the transaction that creates its deliveries, so an event is matched to it once. The
feed only ever grows at its end (see `articles.changes.record`), so moving past the newest
visible event skips nothing. A subscription turned off keeps its position: turned on
again, it gets what happened meanwhile, as long as the events are kept.

The filter is applied when the event is matched, just after its commit, to the article as
it is then. A deleted article can no longer be filtered: its deletion goes to the
subscriptions that were sent something about it, and to those without a filter.
"""

from django.db import transaction
from django.utils import timezone

from articles.models import ChangeEvent, ChangeKind, Delivery, Subscription

from .subscriptions import matching_articles

BATCH = 500


def dispatch_all() -> int:
    """Match the new events to every active subscription; returns the deliveries made."""
    active = Subscription.objects.filter(active=True).values_list("pk", flat=True)
    return sum(dispatch(pk) for pk in active)


def dispatch(subscription_id: int) -> int:
    made = 0
    while True:
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(skip_locked=True)
                .filter(pk=subscription_id, active=True)
                .first()
            )
            if subscription is None:
                return made  # turned off, deleted, or being dispatched by another process
            events = list(
                ChangeEvent.objects.filter(id__gt=subscription.dispatched_through)
                .order_by("id")
                .only("id", "kind", "article_id")[:BATCH]
            )
            if not events:
                return made
            made += _deliver(subscription, events)
            Subscription.objects.filter(pk=subscription.pk).update(dispatched_through=events[-1].pk)
        if len(events) < BATCH:
            return made


def _deliver(subscription: Subscription, events: list[ChangeEvent]) -> int:
    wanted = _matching(subscription, events)
    now = timezone.now()
    deliveries = [
        Delivery(
            subscription=subscription, event=event, article_id=event.article_id, next_attempt_at=now
        )
        for event in events
        if event.article_id in wanted
    ]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return len(deliveries)


def _matching(subscription: Subscription, events: list[ChangeEvent]) -> set[int]:
    """Ids of the articles whose events this subscription gets."""
    if not subscription.filter:
        return {event.article_id for event in events}
    stored = {event.article_id for event in events if event.kind != ChangeKind.DELETED}
    deleted = {event.article_id for event in events if event.kind == ChangeKind.DELETED}
    wanted = matching_articles(subscription, stored) if stored else set()
    if deleted:
        told = Delivery.objects.filter(subscription=subscription, article_id__in=deleted)
        wanted |= set(told.values_list("article_id", flat=True))
    return wanted
