"""Rate limits: 429 with Retry-After, headers on every throttled response, no overshoot."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.mark.django_db
def test_anonymous_clients_get_429_with_retry_after_past_the_limit(api, tight_limits):
    statuses = [api.get("/api/v1/sections/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    blocked = api.get("/api/v1/sections/")
    assert blocked["Content-Type"] == "application/problem+json"
    assert int(blocked["Retry-After"]) == 20  # the window ends 20 s after that instant
    assert blocked["RateLimit-Remaining"] == "0"


@pytest.mark.django_db
def test_responses_announce_the_limit(api, tight_limits):
    response = api.get("/api/v1/sections/")
    assert (response["RateLimit-Limit"], response["RateLimit-Remaining"]) == ("5", "4")
    assert response["RateLimit-Reset"] == "20"


@pytest.mark.django_db
def test_geoparsing_has_its_own_stricter_scope(api, tight_limits):
    statuses = [
        api.post("/api/v1/regions/tag/", {"text": "Paris"}, format="json").status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_x_forwarded_for_does_not_buy_a_new_allowance(api, tight_limits):
    for n in range(5):
        api.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert api.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_burst_never_overshoots_the_limit(live_server, tight_limits):
    def fetch(_):
        try:
            with urllib.request.urlopen(f"{live_server.url}/api/v1/sections/", timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(fetch, range(40)))
    assert statuses.count(200) == 5
    assert statuses.count(429) == 35
