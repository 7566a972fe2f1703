"""An article's link to its story, rendered from the story's id alone."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StoryLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()


@extend_schema_field(StoryLinkSerializer)
class StoryLinkField(serializers.Field):
    """The story an article belongs to, from its `story_id` alone (no query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "The story it tells, shared with its reprints; null until assigned."
        )
        super().__init__(source="story_id", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        url = reverse("story-detail", args=[value])
        return {"id": value, "url": self.context["request"].build_absolute_uri(url)}
