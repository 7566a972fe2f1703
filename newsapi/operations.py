"""Operations endpoints: liveness and readiness probes, and Prometheus metrics."""

from django.core.cache import cache
from django.db import connection
from django_prometheus.exports import ExportToDjangoView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

HealthSerializer = inline_serializer(
    "Health",
    {
        "status": serializers.ChoiceField(choices=["ok", "unavailable"]),
        "checks": serializers.DictField(child=serializers.CharField(), required=False),
    },
)


class Probe(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []


class LivenessView(Probe):
    @extend_schema(
        tags=["operations"],
        summary="Liveness",
        description="200 while the process can answer; it checks nothing else.",
        responses=HealthSerializer,
    )
    def get(self, request):
        return Response({"status": "ok"})


class ReadinessView(Probe):
    @extend_schema(
        tags=["operations"],
        summary="Readiness",
        description="200 when the database and the cache answer, 503 otherwise.",
        responses={200: HealthSerializer, 503: HealthSerializer},
    )
    def get(self, request):
        checks = {"database": _check(_ping_database), "cache": _check(_ping_cache)}
        ready = all(result == "ok" for result in checks.values())
        body = {"status": "ok" if ready else "unavailable", "checks": checks}
        return Response(body, status=200 if ready else 503)


class MetricsView(Probe):
    @extend_schema(
        tags=["operations"],
        summary="Metrics",
        description="Prometheus text exposition: request counts and latencies by view and "
        "status, database query counts and errors. Across all gunicorn workers.",
        responses={(200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, "The metrics.")},
    )
    def get(self, request):
        return ExportToDjangoView(request._request)


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # any failure means not ready; the reason is reported
        return f"error: {type(exc).__name__}"
    return "ok"


def _ping_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _ping_cache():
    cache.set("readyz", "1", timeout=5)
    if cache.get("readyz") != "1":
        raise RuntimeError("cache did not return what was stored")
