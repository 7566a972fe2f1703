"""Conditional and cached reads, validated by one counter bumped after every change.

Every committed write to the content bumps `ContentState.version` (signals on the content
models, plus explicit calls after bulk writes, which send no signals). A list's or feed's
ETag is derived from that version, the full URL and the Accept header, so If-None-Match is
answered 304 without running the query; with a shared cache (Redis) whole responses are
kept and served until the next change. An article has its own per-version ETag instead.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified

from .models import Article, ContentState, Region, Section, Source
from .throttling import anonymous_limits

VERSION_KEY = "content-version"
RESPONSE_KEY = "response:{digest}"
RESPONSE_TIMEOUT = 300
KEPT_HEADERS = ("Content-Type", "Link", "Vary", "Last-Modified")


def content_version() -> int:
    if not settings.SHARED_CACHE:
        return _stored_version()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _stored_version()
        cache.add(VERSION_KEY, version, timeout=None)
        # A write may have bumped it between our read and our add: then what we cached is
        # old, and the writer's delete may have come before our add. Read again to know.
        if _stored_version() != version:
            cache.delete(VERSION_KEY)
    return version


def _stored_version() -> int:
    # From the primary: a lagging replica's older version would validate stale responses.
    primary = ContentState.objects.using("default")
    version = primary.values_list("version", flat=True).filter(pk=1).first()
    if version is None:  # the row is made by a migration; a flushed database lacks it
        version = ContentState.objects.get_or_create(pk=1)[0].version
    return version


def mark_changed() -> None:
    """Bump the version once the current transaction commits (at once outside one).

    Many writes in one transaction bump it once.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(e[1] is _bump for e in connection.run_on_commit):
        return
    transaction.on_commit(_bump)


def _bump() -> None:
    ContentState.objects.filter(pk=1).update(version=F("version") + 1)
    if settings.SHARED_CACHE:
        cache.delete(VERSION_KEY)


def _on_change(sender, **kwargs):
    mark_changed()


# Tags are written in bulk by the services, which call mark_changed() themselves.
for model in (Article, Region, Section, Source):
    post_save.connect(_on_change, sender=model, dispatch_uid=f"freshness-save-{model.__name__}")
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"freshness-del-{model.__name__}")
m2m_changed.connect(
    _on_change, sender=Article.related_articles.through, dispatch_uid="freshness-related"
)


class FreshReadsMixin:
    """For list views and feeds: 304 on a matching If-None-Match, and a shared response
    cache, both checked after authentication and throttling but before any query.

    Anonymous repeats of a cached response are answered earlier still, before DRF, by
    `articles.cached_reads.CachedReadsMiddleware`, from the entries stored here.
    """

    def list(self, request, *args, **kwargs):
        return self.fresh(
            request, lambda: super(FreshReadsMixin, self).list(request, *args, **kwargs)
        )

    def fresh(self, request, produce):
        # What CachedReadsMiddleware found already, when it could not answer (else None).
        looked_up = getattr(request._request, "cached_read", None)
        digest, version, entry = looked_up or (request_digest(request), None, None)
        try:
            version = version if version is not None else content_version()
        except DatabaseError:
            return produce()  # the view answers the outage with a 503
        etag = entity_tag(version, digest)
        if etag in request.headers.get("If-None-Match", ""):
            return HttpResponseNotModified(headers=validators(etag))
        key = RESPONSE_KEY.format(digest=digest)
        if settings.SHARED_CACHE:
            entry = entry if looked_up is not None else cache.get(key)
            if entry is not None and entry["version"] == version:
                return cached_response(entry, etag)
        response = produce()
        if response.status_code == 200:
            for name, value in validators(etag).items():
                response[name] = value
            if settings.SHARED_CACHE:
                throttles = anonymous_limits(self)
                response.add_post_render_callback(
                    lambda done: cache.set(key, _entry(done, version, throttles), RESPONSE_TIMEOUT)
                )
        return response


def request_digest(request) -> str:
    """What a cached response is keyed by: the absolute URL (its links carry the host) and
    the Accept header (it picks the format)."""
    identity = f"{request.build_absolute_uri()}\n{request.headers.get('Accept', '')}"
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def entity_tag(version, digest) -> str:
    return f'W/"{version}-{digest}"'


def validators(etag) -> dict:
    return {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}


def cached_response(entry, etag) -> HttpResponse:
    return HttpResponse(entry["content"], headers={**entry["headers"], **validators(etag)})


def _entry(response, version, throttles) -> dict:
    """A stored response, with the content version it was made at (it is served only while
    that version is current) and the rate limits its request counted against (an early
    answer must count the same)."""
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return {
        "version": version,
        "content": response.content,
        "headers": headers,
        "throttles": list(throttles),
    }
