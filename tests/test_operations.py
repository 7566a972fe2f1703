import pytest
from django.db import connection


@pytest.mark.django_db
def test_readiness_reports_database_and_cache(api):
    response = api.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_readiness_is_503_when_the_database_is_unreachable(api, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = api.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"


def test_liveness_needs_nothing(api):
    assert api.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_metrics_count_requests_and_database_queries(api):
    api.get("/api/v1/sections/")
    response = api.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "django_db_execute_total" in text


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_keeps_the_clients(api):
    generated = api.get("/api/v1/sections/")["X-Request-ID"]
    assert len(generated) == 32
    echoed = api.get("/api/v1/sections/", HTTP_X_REQUEST_ID="trace-1234abcd")
    assert echoed["X-Request-ID"] == "trace-1234abcd"
    assert api.get("/healthz", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"] != "bad id!"


@pytest.mark.django_db
def test_requests_are_logged_as_json_with_their_id(api, caplog):
    import json
    import logging

    from newsapi.observability import NewsJsonFormatter, RequestIdFilter

    caplog.handler.addFilter(RequestIdFilter())  # as the console handler has it
    with caplog.at_level(logging.INFO, logger="newsapi.access"):
        api.get("/api/v1/sections/", HTTP_X_REQUEST_ID="trace-5678efgh")
    record = next(r for r in caplog.records if r.name == "newsapi.access")
    line = json.loads(NewsJsonFormatter().format(record))
    assert line["request_id"] == "trace-5678efgh"
    assert line["message"] == "request"
    assert (line["path"], line["status"], line["level"]) == ("/api/v1/sections/", 200, "INFO")
    assert line["duration_ms"] >= 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("origin", "allowed"), [("https://desk.example", True), ("https://evil.example", False)]
)
def test_cors_allows_configured_origins_only(api, settings, origin, allowed):
    settings.CORS_ALLOWED_ORIGINS = ["https://desk.example"]
    response = api.get("/api/v1/sections/", HTTP_ORIGIN=origin)
    assert (response.get("Access-Control-Allow-Origin") == origin) is allowed
