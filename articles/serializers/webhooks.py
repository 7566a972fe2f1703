"""Webhook subscriptions and their delivery log."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Delivery, Subscription
from ..webhooks.subscriptions import clean_filter, clean_url
from .changes import ChangeEventSerializer

FILTER_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
    "description": "Parameters of the article list (`GET /articles/`) that an event's article "
    'must match, e.g. `{"region": ["armenia"], "source": "reuters"}`; empty: every '
    "event. Not `ordering` or `collapse`.",
    "example": {"region": ["armenia"], "source": "reuters"},
}


@extend_schema_field(FILTER_SCHEMA)
class FilterField(serializers.JSONField):
    pass


class SubscriptionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="webhook-detail")
    deliveries = serializers.HyperlinkedIdentityField(
        view_name="webhook-deliveries", help_text="The delivery log."
    )
    filter = FilterField(required=False)

    class Meta:
        model = Subscription
        fields = [
            "id", "url", "target_url", "description", "filter", "active", "failure_streak",
            "disabled_at", "created_at", "deliveries",
        ]  # fmt: skip
        read_only_fields = ["failure_streak", "disabled_at", "created_at"]
        extra_kwargs = {
            "target_url": {
                "help_text": "Where events are POSTed: http or https, on a public address."
            },
            "active": {
                "help_text": "Off: nothing is sent; turned off after a long failure streak. "
                "Turning it on again sends what waited, and clears the streak."
            },
            "disabled_at": {"help_text": "When it was turned off, if it is."},
        }

    def validate_target_url(self, value):
        return clean_url(value)

    def validate_filter(self, value):
        return clean_filter(value)


class NewSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret (`whsec_…`), shown this once: keep it to verify the "
        "`webhook-signature` of each delivery.",
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer):
    event = ChangeEventSerializer(read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "event", "status", "attempts", "next_attempt_at", "last_attempt_at",
            "response_code", "latency_ms", "error", "created_at",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "`pending` (waiting for an attempt), `succeeded`, or "
                       "`failed` (the retry schedule ran out)."},
            "attempts": {"help_text": "Attempts made so far."},
            "next_attempt_at": {"help_text": "When it is tried next, if it is pending."},
            "response_code": {"help_text": "The last attempt's HTTP status; null: no answer."},
            "latency_ms": {"help_text": "How long the last attempt took."},
            "error": {"help_text": "Why the last attempt failed; empty after success."},
        }  # fmt: skip
