"""Feed polling: where each source's feed stands, and a log of every fetch."""

from django.db import models


class FeedStateQuerySet(models.QuerySet):
    def due(self, now):
        """States of feeds whose next poll is due (or was never scheduled)."""
        return self.exclude(source__feed_url="").filter(
            models.Q(next_poll_at__isnull=True) | models.Q(next_poll_at__lte=now)
        )


class FeedState(models.Model):
    """The schedule and conditional-GET validators of one source's feed.

    Written by every poll, so it lives apart from Source: saving a Source counts as a
    change to the content and would invalidate every cached response.
    """

    source = models.OneToOneField(
        "Source", on_delete=models.CASCADE, primary_key=True, related_name="feed_state"
    )
    next_poll_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    error_streak = models.PositiveIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = FeedStateQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["next_poll_at"], name="feed_state_next_poll_idx")]

    def __str__(self):
        return f"feed state of source {self.source_id}"


class FetchOutcome(models.TextChoices):
    FETCHED = "fetched", "Fetched and ingested"
    UNCHANGED = "unchanged", "Unchanged (304)"
    FAILED = "failed", "Failed"


class FeedFetch(models.Model):
    """One poll of a feed: when, what HTTP said, what became of its entries, how long."""

    source = models.ForeignKey("Source", on_delete=models.CASCADE, related_name="feed_fetches")
    fetched_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=FetchOutcome.choices)
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status; empty when no answer came."
    )
    items_new = models.PositiveIntegerField(default=0)
    items_duplicate = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(help_text="Time to download the feed.")
    duration_ms = models.PositiveIntegerField(help_text="The whole poll, ingestion included.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        indexes = [
            models.Index(fields=["source", "-fetched_at"], name="feed_fetch_source_idx"),
            models.Index(fields=["fetched_at"], name="feed_fetch_time_idx"),
        ]

    def __str__(self):
        return (
            f"{self.outcome} fetch of source {self.source_id} at {self.fetched_at:%Y-%m-%d %H:%M}"
        )
