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
