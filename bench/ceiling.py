"""The ceiling: a bare Django view that returns the API's response bytes from memory.

`/bench/ceiling/<path>` answers with exactly what `/api/v1/<path>` answered the first time
this process was asked for that path and query string: no database, no serializer, only
Django's request handling, its middleware and the WSGI server. What any implementation of
the API could at best reach on this stack.
"""

import copy

from django.http import HttpResponse
from django.urls import resolve

API_PREFIX = "/api/v1/"

_responses: dict[str, tuple[int, bytes, str]] = {}


def ceiling(request, rest):
    key = request.get_full_path()
    cached = _responses.get(key)
    if cached is None:
        cached = _responses[key] = _ask_the_api(request, API_PREFIX + rest)
    status, content, content_type = cached
    return HttpResponse(content, status=status, content_type=content_type)


def _ask_the_api(request, path):
    """The API's answer to this request, as if it had been made to `path`."""
    inner = copy.copy(request)
    inner.path = inner.path_info = path
    inner.META = {**request.META, "PATH_INFO": path}
    match = resolve(path)
    response = match.func(inner, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response.status_code, response.content, response["Content-Type"]
