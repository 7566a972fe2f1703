"""/api/v1/webhooks/: token holders manage their own subscriptions and read their logs."""

import base64

import pytest
from django.db import transaction

from articles.changes import ChangeKind, record_changes
from articles.models import Delivery, Subscription
from articles.webhooks.dispatch import dispatch_all
from tests.conftest import client_with_token
from tests.factories import ArticleFactory, SourceFactory
from tests.test_schema import response_validator

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
TARGET = "http://93.184.215.14/hooks/news"  # a public address: no lookup, no connection


@pytest.fixture
def alice():
    return client_with_token("alice")


@pytest.fixture
def bob():
    return client_with_token("bob")


def subscribe(client, **fields):
    response = client.post(URL, {"target_url": TARGET, **fields})
    assert response.status_code == 201, response.json()
    return response.json()


def test_without_a_token_every_operation_is_401(api, alice):
    made = subscribe(alice)
    for method, url in [("get", URL), ("post", URL), ("get", made["url"]),
                        ("delete", made["url"]), ("get", made["deliveries"])]:  # fmt: skip
        response = getattr(api, method)(url)
        assert response.status_code == 401
        assert response.json()["type"] == "/problems/not-authenticated"


def test_creating_shows_the_secret_once(alice, world):
    response = alice.post(URL, {"target_url": TARGET, "filter": {"region": "armenia"}})
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["secret"].startswith("whsec_")
    assert len(base64.b64decode(body["secret"][6:])) == 32
    assert body["secret"] == Subscription.objects.get().secret
    assert (body["filter"], body["active"], body["failure_streak"]) == (
        {"region": ["armenia"]}, True, 0
    )  # fmt: skip
    shown_again = alice.get(body["url"]).json()
    assert "secret" not in shown_again
    assert shown_again["target_url"] == TARGET


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"target_url": None}, "target_url"),
        ({"target_url": "http://127.0.0.1/hooks"}, "target_url"),
        ({"target_url": "http://10.0.0.7/hooks"}, "target_url"),
        ({"target_url": "http://169.254.169.254/latest"}, "target_url"),
        ({"target_url": "ftp://93.184.215.14/hooks"}, "target_url"),
        ({"target_url": "http://93.184.215.14:8080/hooks"}, "target_url"),
        ({"target_url": "http://user:pw@93.184.215.14/hooks"}, "target_url"),
        ({"filter": "region=armenia"}, "filter"),
        ({"filter": {"colour": "red"}}, "filter.colour"),
        ({"filter": {"ordering": "-published_at"}}, "filter.ordering"),
        ({"filter": {"region": ["atlantis"]}}, "filter.region"),
        ({"filter": {"region": [{"slug": "armenia"}]}}, "filter.region"),
        ({"filter": {"q": ["ferry", "port"]}}, "filter.q"),
        ({"filter": {"published_after": "yesterday"}}, "filter.published_after"),
        ({"filter": {"min_confidence": 2}}, "filter.min_confidence"),
        ({"filter": {"language": True}}, "filter.language"),
    ],
)
def test_a_bad_subscription_is_a_400_naming_the_field_and_stores_nothing(alice, payload, field):
    body = {name: value for name, value in {"target_url": TARGET, **payload}.items() if value}
    response = alice.post(URL, body)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not Subscription.objects.exists()


def test_repeatable_parameters_take_lists_and_single_ones_take_a_value(alice, world):
    made = subscribe(alice, filter={"region": ["armenia", "AZ"], "q": "border", "language": "en"})
    assert made["filter"] == {"region": ["armenia", "AZ"], "q": ["border"], "language": ["en"]}


def test_a_holder_sees_and_changes_only_their_own_subscriptions(alice, bob):
    mine = subscribe(alice)
    assert bob.get(URL).json()["results"] == []
    assert [s["id"] for s in alice.get(URL).json()["results"]] == [mine["id"]]
    assert bob.get(mine["url"]).status_code == 404
    for method in ("patch", "put", "delete"):
        assert getattr(bob, method)(mine["url"], {"target_url": TARGET}).status_code == 404
    assert bob.get(mine["deliveries"]).status_code == 404
    assert Subscription.objects.get().target_url == TARGET


def test_changing_a_subscription_validates_it_again(alice):
    SourceFactory(slug="reuters")
    made = subscribe(alice)
    response = alice.patch(made["url"], {"target_url": "http://127.0.0.1:80/x"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "target_url"
    changed = alice.patch(made["url"], {"filter": {"source": "reuters"}, "description": "desk"})
    assert changed.status_code == 200
    assert (changed.json()["filter"], changed.json()["description"]) == (
        {"source": ["reuters"]}, "desk"
    )  # fmt: skip


def test_turning_a_subscription_on_again_clears_its_failure_streak(alice):
    made = subscribe(alice)
    Subscription.objects.update(active=False, failure_streak=50)
    body = alice.patch(made["url"], {"active": True}).json()
    assert (body["active"], body["failure_streak"], body["disabled_at"]) == (True, 0, None)
    off = alice.patch(made["url"], {"active": False}).json()
    assert off["active"] is False
    assert off["disabled_at"] is not None


def test_deleting_a_subscription_deletes_its_deliveries(alice):
    made = subscribe(alice)
    with transaction.atomic():
        record_changes(ChangeKind.CREATED, [ArticleFactory()])
    dispatch_all()
    assert alice.delete(made["url"]).status_code == 204
    assert not Delivery.objects.exists()


def test_the_delivery_log_lists_events_newest_first_a_page_at_a_time(alice):
    made = subscribe(alice)
    articles = [ArticleFactory() for _ in range(3)]
    for article in articles:
        with transaction.atomic():
            record_changes(ChangeKind.CREATED, [article])
    dispatch_all()
    first = alice.get(made["deliveries"], {"page_size": 2}).json()
    second = alice.get(first["next"]).json()
    log = first["results"] + second["results"]
    assert [d["event"]["article_id"] for d in log] == [a.pk for a in reversed(articles)]
    assert log[0]["status"] == "pending"
    assert log[0]["attempts"] == 0
    assert log[0]["event"]["kind"] == "created"
    assert alice.get(made["deliveries"], {"status": "x"}).status_code == 400


def test_an_id_that_is_not_a_number_is_404(alice):
    assert alice.get(f"{URL}abc/").status_code == 404


def test_webhook_reads_and_the_create_answer_conform_to_the_schema(alice, api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    created = alice.post(URL, {"target_url": TARGET, "filter": {"q": "ferry"}})
    item = "/api/v1/webhooks/{id}/"
    answers = [
        (URL, "post", "201", created.json()),
        (URL, "get", "200", alice.get(URL).json()),
        (item, "get", "200", alice.get(created["Location"]).json()),
        (item, "patch", "200", alice.patch(created["Location"], {"active": False}).json()),
    ]
    alice.patch(created["Location"], {"active": True})
    with transaction.atomic():
        record_changes(ChangeKind.CREATED, [ArticleFactory(headline="Ferry strike ends")])
    dispatch_all()
    log = alice.get(created.json()["deliveries"]).json()
    assert [d["event"]["kind"] for d in log["results"]] == ["created"]
    answers.append(("/api/v1/webhooks/{id}/deliveries/", "get", "200", log))
    for path, method, status, body in answers:
        validator = response_validator(schema, path, method=method, status=status)
        assert not list(validator.iter_errors(body)), (path, method)


def test_a_cursor_whose_position_is_not_an_id_is_a_400(alice):
    made = subscribe(alice)
    dated = "cD0yMDI2LTExLTI1KzEwJTNBMDAlM0EwMCUyQjAwJTNBMDA="  # p=2026-11-25 10:00:00+00:00
    for url in (URL, made["deliveries"]):
        response = alice.get(url, {"cursor": dated})
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "cursor"
