"""Reading the change feed a page at a time, and pruning it past the retention period.

The position is an event id: a page holds the events after it, in id order, and the last
one's id is the next position. Pruning removes the oldest events only (a prefix of the
feed) and remembers the newest it removed, so a position before that has missed events.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles.models import ChangeEvent, ChangeLogState, Delivery


class PositionExpired(Exception):
    """The events right after this position were pruned: the client must sync afresh."""

    def __init__(self, pruned_through: int):
        super().__init__(f"Events up to {pruned_through} were pruned.")
        self.pruned_through = pruned_through


@dataclass(frozen=True)
class ChangePage:
    events: list[ChangeEvent]
    position: int  # where the next page starts: the last event's id, or the one asked for
    more: bool  # whether events follow this page already


def changes_after(position: int | None, limit: int) -> ChangePage:
    """Up to `limit` events after `position`, oldest first; PositionExpired when some of
    those events were pruned already. Without a position: from the oldest event kept."""
    start = pruned_position() if position is None else position
    events = list(ChangeEvent.objects.filter(id__gt=start).order_by("id")[: limit + 1])
    # Checked after the read: a prune in between is then noticed rather than missed.
    if position is not None and position < (pruned_through := pruned_position()):
        raise PositionExpired(pruned_through)
    page = events[:limit]
    return ChangePage(page, page[-1].pk if page else start, len(events) > limit)


def pruned_position() -> int:
    return ChangeLogState.objects.filter(pk=1).values_list("pruned_through", flat=True).first() or 0


def prune_changes(now: datetime | None = None, batch: int = 5000) -> int:
    """Delete the events older than CHANGES_RETENTION_DAYS, and their deliveries; returns
    how many events went. Only a prefix goes: an old event after a newer one waits for it."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CHANGES_RETENTION_DAYS)
    kept = ChangeEvent.objects.filter(occurred_at__gte=cutoff).order_by("id")
    first_kept = kept.values_list("id", flat=True).first()
    if first_kept is None:  # all are old: any committed meanwhile (with larger ids) stays
        first_kept = (ChangeEvent.objects.aggregate(newest=Max("id"))["newest"] or 0) + 1
    old = ChangeEvent.objects.filter(id__lt=first_kept)
    removed = 0
    while ids := list(old.order_by("id").values_list("id", flat=True)[:batch]):
        with transaction.atomic():
            # Delivery.event does nothing on delete, so the deliveries go first.
            Delivery.objects.filter(event_id__lte=ids[-1]).delete()
            ChangeEvent.objects.filter(id__lte=ids[-1]).delete()
            state, _ = ChangeLogState.objects.select_for_update().get_or_create(pk=1)
            state.pruned_through = max(state.pruned_through, ids[-1])
            state.save(update_fields=["pruned_through"])
        removed += len(ids)
    return removed
