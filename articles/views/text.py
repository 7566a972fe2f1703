"""Endpoints that take text as `text/plain` or as JSON `{"text": ...}`."""

from rest_framework.decorators import action
from rest_framework.permissions import AllowAny

from ..parsers import PlainTextParser, StrictJSONParser

TEXT_OR_JSON = [PlainTextParser, StrictJSONParser]


def public_text_action():
    """A public POST endpoint that reads text and stores nothing, with the strict scope."""
    return action(
        detail=False,
        methods=["post"],
        parser_classes=TEXT_OR_JSON,
        permission_classes=[AllowAny],
        throttle_scope="geoparse",
    )


def text_payload(request):
    """A text/plain body stands for `{"text": body}`; a JSON body must be that object."""
    if request.content_type.startswith(PlainTextParser.media_type):
        return {"text": request.data}
    return request.data
