"""Anonymous repeats of a cached list or feed, answered before DRF runs.

FreshReadsMixin stores whole responses in the shared cache with the content version they
were made at. Most reads of a busy list are repeats of one URL by anonymous clients, and
for them authentication, content negotiation and the view's dispatch decide nothing new:
one look-up of the version and the entry together, the entry's rate limits counted as
the view would count them, and the stored bytes go out. Anything else (a write, a token,
a stale or missing entry, a client over its limit) goes the normal way.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotModified

from .freshness import (
    RESPONSE_KEY,
    VERSION_KEY,
    cached_response,
    entity_tag,
    request_digest,
    validators,
)
from .throttling import count_anonymous


class CachedReadsMiddleware:
    """Last in MIDDLEWARE, so the response passes every other middleware as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.SHARED_CACHE
            or request.method != "GET"
            or "Authorization" in request.headers
        ):
            return self.get_response(request)
        return self.answer(request) or self.get_response(request)

    def answer(self, request):
        digest = request_digest(request)
        key = RESPONSE_KEY.format(digest=digest)
        found = cache.get_many([VERSION_KEY, key])
        version, entry = found.get(VERSION_KEY), found.get(key)
        request.cached_read = (digest, version, entry)  # the view need not look again
        if version is None or entry is None or entry["version"] != version:
            return None
        if not all(count_anonymous(request, scope, rate) for scope, rate in entry["throttles"]):
            return None  # the view answers 429 with its problem document
        etag = entity_tag(version, digest)
        if etag in request.headers.get("If-None-Match", ""):
            return HttpResponseNotModified(headers=validators(etag))
        return cached_response(entry, etag)
