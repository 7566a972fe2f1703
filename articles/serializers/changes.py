"""The change feed's events and pages, as `GET /changes/` and webhook bodies carry them."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ..models import ChangeEvent


class TombstoneSerializer(serializers.Serializer):
    headline = serializers.CharField()
    canonical_url = serializers.CharField(allow_null=True)
    external_id = serializers.CharField(allow_null=True)


class ChangeEventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        read_only=True,
        choices=ChangeEvent._meta.get_field("kind").choices,
        help_text="`created`, `updated` (a new version), `retagged` (its region tags were "
        "computed afresh; same version) or `deleted`.",
    )
    article_id = serializers.IntegerField(read_only=True, help_text="The article changed.")
    tombstone = TombstoneSerializer(
        read_only=True,
        allow_null=True,
        help_text="What identified a deleted article; null for other kinds.",
    )

    class Meta:
        model = ChangeEvent
        fields = ["id", "kind", "article_id", "version", "occurred_at", "tombstone"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The event's position in the feed; ids only ever grow."},
            "occurred_at": {"help_text": "When the change was made."},
        }


@extend_schema_serializer(many=False)  # one page, though it answers the `list` action
class ChangePageSerializer(serializers.Serializer):
    after = serializers.IntegerField(
        help_text="Where this page ends: send it as `after` to continue from here."
    )
    more = serializers.BooleanField(help_text="Whether more events follow this page already.")
    next = serializers.URLField(help_text="This feed from where the page ends (never null).")
    results = ChangeEventSerializer(many=True, help_text="The events, oldest first.")
