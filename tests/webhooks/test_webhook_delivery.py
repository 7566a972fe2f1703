"""Deliveries to a real receiver on 127.0.0.1: signed, retried, in order, given up, disabled."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook

from articles import services
from articles.models import ApiToken, ChangeEvent, Delivery, DeliveryStatus
from articles.webhooks import runner, tasks
from articles.webhooks.tasks import deliver_webhooks
from newsapi.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def create(number):
    return services.article_create(
        headline=f"Night ferry number {number} sails on time",
        body="The crossing took nine hours.\n\nPassengers praised the crew.",
        published_at=timezone.now(),
    )


def write_three_versions():
    article = create(1)
    services.article_update(article, byline="Ann Lee")
    services.article_update(article, byline="Bo Chen")


def settled(subscription):
    """The subscription's deliveries once the background thread is done, oldest first."""
    assert runner.wait_until_idle(20)
    subscription.refresh_from_db()
    return list(subscription.deliveries.order_by("id"))


def kinds_and_versions(requests):
    return [(r.message["data"]["kind"], r.message["data"]["version"]) for r in requests]


def test_a_delivery_is_signed_as_standard_webhooks_says_and_logged(receiver, subscribe):
    subscription = subscribe()
    article = create(1)
    [request] = receiver.deliver(1)
    message = Webhook(subscription.secret).verify(request.body, request.headers)
    event = ChangeEvent.objects.get()
    assert message == {
        "type": "article.created",
        "timestamp": message["data"]["occurred_at"],
        "data": {
            "id": event.pk, "kind": "created", "article_id": article.pk, "version": 1,
            "occurred_at": message["data"]["occurred_at"], "tombstone": None,
        },
    }  # fmt: skip
    assert request.headers["webhook-id"] == f"evt_{event.pk}"
    assert request.headers["Content-Type"] == "application/json"
    [delivery] = settled(subscription)
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.error) == (
        DeliveryStatus.SUCCEEDED, 1, 204, ""
    )  # fmt: skip
    assert delivery.latency_ms is not None
    assert delivery.next_attempt_at is None


def test_a_500_is_retried_later_with_the_same_message_until_it_succeeds(receiver, subscribe):
    receiver.answers[:] = [500]
    subscription = subscribe()
    create(1)
    first, second = receiver.deliver(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    for request in (first, second):
        Webhook(subscription.secret).verify(request.body, request.headers)
    assert second.at - first.at >= 0.2 * 0.8  # the first retry's delay, less its jitter
    [delivery] = settled(subscription)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 2, 204)
    assert subscription.failure_streak == 0


def test_events_about_one_article_arrive_in_order_though_the_first_failed(receiver, subscribe):
    receiver.answers[:] = [500]
    subscribe()
    write_three_versions()
    sent = kinds_and_versions(receiver.deliver(4))
    assert sent == [("created", 1), ("created", 1), ("updated", 2), ("updated", 3)]


@pytest.mark.postgres
def test_events_committed_while_the_first_is_retried_still_wait_their_turn(receiver, subscribe):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database refuses writes while a thread reads")
    receiver.answers[:] = [500]
    subscribe()
    article = create(1)  # its commit wakes the delivery thread
    assert receiver.wait_for(1)  # the first attempt failed; the retry waits 0.2 s
    services.article_update(article, byline="Ann Lee")
    services.article_update(article, byline="Bo Chen")
    sent = kinds_and_versions(receiver.wait_for(4))
    assert sent == [("created", 1), ("created", 1), ("updated", 2), ("updated", 3)]


def test_a_failing_article_does_not_hold_back_another(receiver, subscribe, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = [600]
    receiver.answers[:] = [500]
    subscription = subscribe()
    with transaction.atomic():  # matched together: the held one is tried first
        held, free = create(1), create(2)
    sent = [r.message["data"]["article_id"] for r in receiver.deliver(2)]
    assert sent == [held.pk, free.pk]
    waiting, done = settled(subscription)
    assert (waiting.status, done.status) == ("pending", "succeeded")
    assert waiting.next_attempt_at > timezone.now() + timedelta(minutes=7)  # 600 s less 20%
    Delivery.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
    runner.deliver_round()
    assert [r.message["data"]["article_id"] for r in receiver.requests] == [
        held.pk, free.pk, held.pk
    ]  # fmt: skip


def test_a_delivery_is_given_up_when_the_schedule_runs_out_and_the_next_one_goes(
    receiver, subscribe, settings
):
    settings.WEBHOOK_RETRY_SCHEDULE = [0.05]
    receiver.answers[:] = [500, 503]
    subscription = subscribe()
    services.article_update(create(1), byline="Ann Lee")
    sent = [r.message["data"]["version"] for r in receiver.deliver(3)]
    assert sent == [1, 1, 2]
    given_up, next_one = settled(subscription)
    assert (given_up.status, given_up.attempts, given_up.response_code) == ("failed", 2, 503)
    assert given_up.error == "answered HTTP 503"
    assert next_one.status == "succeeded"


def test_a_long_failure_streak_turns_the_subscription_off_until_turned_on(
    receiver, subscribe, settings
):
    settings.WEBHOOK_RETRY_SCHEDULE = [0.05] * 10
    settings.WEBHOOK_DISABLE_AFTER = 3
    receiver.answers[:] = [500] * 10
    subscription = subscribe()
    create(1)
    receiver.deliver(3)
    [delivery] = settled(subscription)
    assert len(receiver.requests) == 3
    assert (subscription.active, subscription.failure_streak) == (False, 3)
    assert subscription.disabled_at is not None
    assert (delivery.status, delivery.attempts) == ("pending", 3)
    receiver.answers.clear()
    owner = APIClient()
    owner.credentials(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(subscription.owner)[1]}")
    assert owner.patch(f"/api/v1/webhooks/{subscription.pk}/", {"active": True}).status_code == 200
    Delivery.objects.update(next_attempt_at=timezone.now())  # its retry may not be due yet
    runner.deliver_round()
    [delivery] = settled(subscription)
    assert (delivery.status, delivery.attempts, subscription.failure_streak) == ("succeeded", 4, 0)


def test_the_outbound_rules_hold_when_sending_too(receiver, subscribe, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = []
    subscription = subscribe()
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = False
    create(1)
    receiver.deliver(0)
    [delivery] = settled(subscription)
    assert delivery.status == "failed"
    assert "127.0.0.1, which is not a public address" in delivery.error
    assert receiver.requests == []


def test_a_commit_wakes_the_thread_only_when_a_subscription_is_active(
    subscribe, settings, monkeypatch
):
    woken = []
    monkeypatch.setattr(runner, "wake", lambda: woken.append(True))
    create(1)
    assert woken == []
    subscribe()
    with transaction.atomic():
        services.article_update(create(2), byline="Ann Lee")
    assert woken == [True]  # once per commit, however many events it wrote


def test_with_a_job_queue_a_commit_sends_the_task_instead(subscribe, settings, monkeypatch):
    settings.WEBHOOK_DELIVERY = "queue"
    sent = []
    monkeypatch.setattr(tasks.deliver_webhooks, "delay", lambda: sent.append(True))
    monkeypatch.setattr(runner, "wake", lambda: pytest.fail("no thread with a job queue"))
    subscribe()
    create(1)
    assert sent == [True]


def test_with_a_job_queue_the_tasks_send_and_the_beat_retries(
    receiver, subscribe, settings, monkeypatch
):
    settings.WEBHOOK_DELIVERY = "queue"
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # tasks run where sent
    receiver.answers[:] = [500]
    subscription = subscribe()
    article = create(1)  # the commit sends deliver_webhooks, which sends send_delivery
    services.article_update(article, byline="Ann Lee")  # waits behind the failed one
    assert len(receiver.requests) == 1
    Delivery.objects.update(next_attempt_at=timezone.now())  # the retry comes due
    deliver_webhooks()  # the beat's tick: the retry, then the next about that article
    sent = [r.message["data"]["version"] for r in receiver.requests]
    assert sent == [1, 1, 2]
    assert [d.status for d in settled(subscription)] == ["succeeded", "succeeded"]
