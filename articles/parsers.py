"""Request body parsers that refuse oversized, malformed or non-UTF-8 input with a 4xx."""

import orjson
from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .problems import RequestTooLarge


def read_bounded(stream):
    """The request body, refusing more than DATA_UPLOAD_MAX_MEMORY_SIZE bytes."""
    if stream is None:
        return b""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
    return data


class StrictJSONParser(parsers.BaseParser):
    """JSON with orjson: invalid UTF-8, over-deep nesting and out-of-range numbers are 400s."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        data = read_bounded(stream)
        if not data.strip():
            raise ParseError("The request body is empty; a JSON document is expected.")
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"The request body is not valid JSON: {exc}") from None


class PlainTextParser(parsers.BaseParser):
    """Raw copy as UTF-8 text."""

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None):
        data = read_bounded(stream)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"The request body is not valid UTF-8: {exc.reason}.") from None
