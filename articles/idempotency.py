"""`Idempotency-Key` on writes: a retried request gets the first response, not a second act.

The first request with a key claims it (a unique row, committed at once); a retry with
the same key and the same request replays the stored response; the same key with another
request is 422; a retry while the first is still running is 409.
"""

import contextlib
import functools
import hashlib
from datetime import timedelta

import orjson
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.response import Response

from .models import IdempotencyRecord
from .problems import Conflict, InvalidParameters

KEY_LIFETIME = timedelta(hours=24)
# A claim whose request has not finished in this long was abandoned (the worker or the
# database went away mid-request): a retry may take it over. Longer than any request runs.
CLAIM_LEASE = timedelta(minutes=2)
REPLAYED_HEADERS = ("Location", "ETag")


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used with a different request."
    default_code = "idempotency_key_reused"


def idempotent(view_method):
    """Make a write view honour the `Idempotency-Key` request header."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view_method(view, request, *args, **kwargs)
        record = _claim(request, _valid(key))
        if record.status_code is not None:
            return _replay(record)
        try:
            response = view_method(view, request, *args, **kwargs)
        except BaseException:
            _release(record)  # nothing was done: the client may retry with this key
            raise
        _store(record, response)
        return response

    return wrapper


def _valid(key: str) -> str:
    if not 1 <= len(key) <= 255 or not key.isprintable():
        raise InvalidParameters({"Idempotency-Key": ["Must be 1 to 255 printable characters."]})
    return key


def _fingerprint(request) -> str:
    data = request.data
    body = (
        data.encode() if isinstance(data, str) else orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    )
    return hashlib.sha256(f"{request.method} {request.path}\n".encode() + body).hexdigest()


def _release(record: IdempotencyRecord) -> None:
    # If the database is gone, the claim's lease runs out and a retry takes it over.
    with contextlib.suppress(DatabaseError):
        record.delete()


def _claim(request, key: str) -> IdempotencyRecord:
    fingerprint = _fingerprint(request)
    now = timezone.now()
    mine = IdempotencyRecord.objects.filter(user=request.user, key=key)
    mine.filter(created_at__lt=now - KEY_LIFETIME).delete()
    mine.filter(status_code__isnull=True, created_at__lt=now - CLAIM_LEASE).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                user=request.user, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        record = IdempotencyRecord.objects.get(user=request.user, key=key)
    if record.fingerprint != fingerprint:
        raise KeyReused()
    if record.status_code is None:
        raise Conflict("A request with this Idempotency-Key is still being handled.")
    return record


def _store(record: IdempotencyRecord, response) -> None:
    if response.status_code >= 500:
        record.delete()
        return
    record.status_code = response.status_code
    record.response_body = orjson.loads(orjson.dumps(response.data))
    record.response_headers = {h: response[h] for h in REPLAYED_HEADERS if h in response}
    record.save(update_fields=["status_code", "response_body", "response_headers"])


def _replay(record: IdempotencyRecord) -> Response:
    headers = {**record.response_headers, "Idempotent-Replayed": "true"}
    return Response(record.response_body, status=record.status_code, headers=headers)
