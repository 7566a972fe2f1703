"""Serving articles as ninjs: chosen by `Accept: application/ninjs+json` or `?format=ninjs`."""

from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import serializers

from .ninjs import MEDIA_TYPE, to_ninjs

# The article endpoints that can answer in ninjs.
NINJS_ACTIONS = ("list", "retrieve")


class NinjsRenderer(ORJSONRenderer):
    media_type = MEDIA_TYPE
    format = "ninjs"


class NinjsItemSerializer(serializers.BaseSerializer):
    """Read-only: an article, fetched with `for_detail()`, as an IPTC ninjs 3.1 news item."""

    def to_representation(self, instance):
        return to_ninjs(instance, self.context["request"])


def renders_ninjs(request):
    """Whether content negotiation chose ninjs for this request."""
    return isinstance(getattr(request, "accepted_renderer", None), NinjsRenderer)
