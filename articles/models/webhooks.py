"""Webhook subscriptions, and the log of each change event's delivery to one of them."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q


class Subscription(models.Model):
    """Where to POST the change events whose article matches `filter`, signed with `secret`."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        db_index=False,  # webhook_owner_idx serves it
    )
    target_url = models.CharField(max_length=1000, help_text="Where events are POSTed.")
    description = models.CharField(max_length=200, blank=True)
    filter = models.JSONField(default=dict, blank=True, help_text="Article list parameters.")
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(default=True)
    failure_streak = models.PositiveIntegerField(default=0, help_text="Failed attempts in a row.")
    disabled_at = models.DateTimeField(null=True, blank=True)
    # The last event considered for this subscription: it starts at the newest event when
    # the subscription is made, and moves on as events are matched to it.
    dispatched_through = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-id"], name="webhook_owner_idx")]

    def __str__(self):
        return f"webhook {self.pk} to {self.target_url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed (given up)"


class DeliveryQuerySet(models.QuerySet):
    def heads(self):
        """Pending deliveries of active subscriptions that no earlier pending delivery of the
        same subscription and article holds back: events about one article go in order."""
        earlier = Delivery.objects.filter(
            subscription=OuterRef("subscription"),
            article_id=OuterRef("article_id"),
            status=DeliveryStatus.PENDING,
            event_id__lt=OuterRef("event_id"),
        )
        return self.filter(status=DeliveryStatus.PENDING, subscription__active=True).exclude(
            Exists(earlier)
        )

    def due(self, now):
        """The heads whose next attempt has come."""
        return self.heads().filter(next_attempt_at__lte=now)


class Delivery(models.Model):
    """One event for one subscription: sent at least once, retried with backoff until a 2xx
    or until the retry schedule runs out."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    # No constraint in the database: an event's id is given anew when its transaction
    # commits (articles.changes.record), and deliveries only ever name committed events.
    # Pruning deletes the deliveries of the events it deletes (articles.changes.feed).
    event = models.ForeignKey(
        "ChangeEvent", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    article_id = models.BigIntegerField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_unique_event")
        ]
        indexes = [
            models.Index(fields=["subscription", "-id"], name="delivery_log_idx"),
            models.Index(fields=["subscription", "article_id", "event"], name="delivery_order_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_due_idx",
            ),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.status} delivery of event {self.event_id} to webhook {self.subscription_id}"
