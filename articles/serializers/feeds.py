"""How a source's feed is doing, as `GET /sources/{slug}/health/` reports it."""

from rest_framework import serializers

from ..models import FeedFetch


class FeedFetchSerializer(serializers.ModelSerializer):
    # Declared, so the schema says what an HTTP status is rather than the column's range.
    status_code = serializers.IntegerField(
        allow_null=True, min_value=100, max_value=599, help_text="HTTP status; null: no answer."
    )

    class Meta:
        model = FeedFetch
        fields = [
            "fetched_at", "outcome", "status_code", "items_new", "items_duplicate",
            "items_failed", "latency_ms", "duration_ms", "error",
        ]  # fmt: skip


class FeedHealthSerializer(serializers.Serializer):
    source = serializers.SlugField(source="source.slug")
    feed_url = serializers.CharField(source="source.feed_url")
    poll_interval = serializers.FloatField(
        source="poll_interval_seconds", help_text="Seconds between polls while all is well."
    )
    last_polled_at = serializers.DateTimeField(allow_null=True)
    last_success_at = serializers.DateTimeField(allow_null=True)
    last_failure_at = serializers.DateTimeField(allow_null=True)
    next_poll_at = serializers.DateTimeField(
        allow_null=True, help_text="When the feed is due next; null: at the next check."
    )
    last_error = serializers.CharField(help_text="Why the last poll failed; empty after success.")
    error_streak = serializers.IntegerField(
        help_text="Failed polls in a row since the last success."
    )
    lag_seconds = serializers.FloatField(
        allow_null=True, help_text="Seconds since the last successful poll; null: never."
    )
    stale = serializers.BooleanField(
        help_text="Never polled successfully, or not for several intervals (as `stale=true`)."
    )
    items_per_day = serializers.FloatField(
        help_text="New entries stored per day, over the last seven days."
    )
    recent_fetches = FeedFetchSerializer(many=True, help_text="The latest fetches, newest first.")
