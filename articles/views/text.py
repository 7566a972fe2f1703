"""Endpoints that take text as `text/plain` or as JSON `{"text": ...}`."""

from ..parsers import PlainTextParser, StrictJSONParser

TEXT_OR_JSON = [PlainTextParser, StrictJSONParser]


def text_payload(data):
    """A text/plain body stands for `{"text": body}`."""
    return {"text": data} if isinstance(data, str) else data
