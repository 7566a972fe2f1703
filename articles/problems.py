"""One error shape everywhere: RFC 9457 problem details as `application/problem+json`.

DRF exceptions go through `problem_exception_handler`; errors raised outside DRF
(unknown URLs, crashes) through the Django handlers at the bottom.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler

from .conditional import PreconditionFailed
from .errors import ArticleConflict, IngestError, StaleVersion

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

# The `type` of each problem, by HTTP status; clients can switch on these.
PROBLEM_TYPES = {
    400: "validation-error",
    401: "not-authenticated",
    403: "permission-denied",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    410: "gone",
    412: "precondition-failed",
    413: "request-too-large",
    415: "unsupported-media-type",
    422: "idempotency-key-reused",
    428: "precondition-required",
    429: "too-many-requests",
    500: "server-error",
    503: "service-unavailable",
}


class ProblemJSONRenderer(ORJSONRenderer):
    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the server accepts."
    default_code = "request_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class InvalidParameters(exceptions.ValidationError):
    """Bad query parameters; `detail` maps each parameter to its reasons."""

    location = "query"


def problem(status_code, detail, errors=None, **extra):
    """The problem-details body for a status, a human explanation and optional field errors."""
    body = {
        "type": f"/problems/{PROBLEM_TYPES.get(status_code, 'error')}",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def flatten_errors(detail, location, prefix=""):
    """Turn DRF's nested error detail into a flat list naming each field and its reason."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in flatten_errors(value, location, _join(prefix, key))
        ]
    if isinstance(detail, list) and detail and not all(isinstance(d, str) for d in detail):
        if all(isinstance(d, exceptions.ErrorDetail) for d in detail):
            return [_error(prefix, d, location) for d in detail]
        return [
            error
            for index, value in enumerate(detail)
            for error in flatten_errors(value, location, _join(prefix, str(index)))
        ]
    items = detail if isinstance(detail, list) else [detail]
    return [_error(prefix, item, location) for item in items]


def _join(prefix, key):
    if key in ("non_field_errors", "__all__"):
        return prefix
    return f"{prefix}.{key}" if prefix else str(key)


def _error(field, reason, location):
    code = getattr(reason, "code", "invalid")
    return {"field": field or None, "in": location, "reason": str(reason), "code": code}


def _to_api_exception(exc):
    if isinstance(exc, StaleVersion):
        return PreconditionFailed(f"The article changed since the version in If-Match. {exc}")
    if isinstance(exc, ArticleConflict):
        return Conflict(str(exc))
    if isinstance(exc, IngestError):
        reasons = {}
        for field, reason in exc.problems:
            reasons.setdefault(field, []).append(ErrorDetail(reason, code="unparsable"))
        return exceptions.ValidationError(reasons)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    return exc


def problem_exception_handler(exc, context):
    """DRF exception handler that answers every error as problem details."""
    exc = _to_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handler answers it, as problem details
    if isinstance(exc, exceptions.ValidationError):
        location = getattr(exc, "location", "body")
        errors = flatten_errors(exc.detail, location)
        detail = (
            "The request has invalid fields."
            if location == "body"
            else ("The request has invalid query parameters.")
        )
        response.data = problem(response.status_code, detail, errors)
    else:
        response.data = problem(response.status_code, str(exc.detail))
    request = context.get("request")
    if request is not None:
        # Errors are problem details whatever the client asked for (even the browsable API).
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_MEDIA_TYPE
    return response


def problem_response(status_code, detail, headers=None):
    return JsonResponse(
        problem(status_code, detail),
        status=status_code,
        content_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer 503 at once instead of a 500.

    Connections are health-checked before reuse (CONN_HEALTH_CHECKS), so service
    resumes by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("Database unavailable: %s", exception)
            detail = "The database is unavailable; retry shortly."
            return problem_response(503, detail, headers={"Retry-After": "5"})
        return None


def bad_request(request, exception=None):
    return problem_response(400, "The request could not be understood.")


def permission_denied(request, exception=None):
    return problem_response(403, "You do not have permission to perform this action.")


def page_not_found(request, exception=None):
    return problem_response(404, f"Nothing is found at {request.path}.")


def server_error(request):
    return problem_response(500, "The server failed to handle the request; it has been logged.")
