"""Endpoints that take text as `text/plain` or as JSON `{"text": ...}`."""

from ..parsers import PlainTextParser, StrictJSONParser

TEXT_OR_JSON = [PlainTextParser, StrictJSONParser]


def text_payload(request):
    """A text/plain body stands for `{"text": body}`; a JSON body must be that object."""
    if request.content_type.startswith(PlainTextParser.media_type):
        return {"text": request.data}
    return request.data
