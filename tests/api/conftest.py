"""Fixtures of the API tests."""

import pytest

from articles.throttling import AnonThrottle, ScopedThrottle


@pytest.fixture
def tight_limits(monkeypatch):
    rates = {"anon": "5/min", "user": "1000/min", "ingest": "2/min", "geoparse": "3/min"}
    for throttle in (AnonThrottle, ScopedThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)
        # One fixed instant, so no test straddles the start of a new window.
        monkeypatch.setattr(throttle, "timer", lambda self: 1_000_000.0)
