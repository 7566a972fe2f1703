"""Concurrent writers on PostgreSQL: the change feed still never skips or repeats an event.

Event ids from a sequence are handed out when rows are inserted, but transactions commit
in their own order; the outbox numbers events again as they commit, in commit order. These
tests hold a transaction open to show the hazard, then run many writers against a reader.
"""

import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, ChangeEvent
from articles.throttling import AnonThrottle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

URL = "/api/v1/changes/"


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL: SQLite lets one transaction write")


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "1000000/min"})


def create(label):
    return services.article_create(
        headline=f"Harbour pilots report {label}",
        body=f"Shipping notice {label}.\n\nNo delays expected.",
        published_at=timezone.now(),
    )


def in_thread(target, *args):
    """Run `target` on its own connection, as another worker process would."""

    def run():
        try:
            target(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def held_open_writer(recorded: threading.Event, release: threading.Event):
    with transaction.atomic():
        create("held open")
        recorded.set()
        release.wait(10)


def visible_ids():
    return list(ChangeEvent.objects.order_by("id").values_list("id", flat=True))


def headlines_in_feed_order():
    events = ChangeEvent.objects.order_by("id")
    articles = Article.objects.in_bulk([e.article_id for e in events])
    return [articles[e.article_id].headline.removeprefix("Harbour pilots report ") for e in events]


def test_events_take_the_order_of_commits_and_no_writer_waits_before_committing():
    recorded, release = threading.Event(), threading.Event()
    first = in_thread(held_open_writer, recorded, release)
    assert recorded.wait(10)
    second = in_thread(create, "right after")
    second.join(10)
    assert not second.is_alive(), "a writer waited for another's open transaction"
    position = visible_ids()[-1]  # a reader has paged up to the later writer's event
    release.set()
    first.join(10)
    assert headlines_in_feed_order() == ["right after", "held open"]
    assert [pk for pk in visible_ids() if pk <= position] == [position]  # none slipped behind


def test_without_numbering_on_commit_a_reader_would_skip_an_event():
    """The hazard that numbering at commit removes, shown by switching it off."""
    trigger = "articles_changeevent_number_on_commit"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE articles_changeevent DISABLE TRIGGER {trigger}")
    try:
        recorded, release = threading.Event(), threading.Event()
        first = in_thread(held_open_writer, recorded, release)
        assert recorded.wait(10)
        in_thread(create, "right after").join(10)
        position = visible_ids()[-1]  # a reader pages up to the later writer's id
        release.set()
        first.join(10)
        missed = [pk for pk in visible_ids() if pk < position]
        assert len(missed) == 1, "the held-open writer's smaller id committed after the reader"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE articles_changeevent ENABLE TRIGGER {trigger}")


def writer(seed: int, writes: int, failures: list):
    rng = random.Random(seed)
    mine = []
    try:
        for number in range(writes):
            action = rng.random()
            with transaction.atomic():
                if mine and action < 0.3:
                    services.article_update(rng.choice(mine), byline=f"b{number}")
                elif mine and action < 0.4:
                    services.article_delete(mine.pop(rng.randrange(len(mine))))
                else:
                    mine.append(create(f"{seed}-{number}"))
                time.sleep(rng.random() * 0.003)  # more work before the commit: a wider window
    except Exception as exc:  # reported by the test, not lost in the thread
        failures.append(exc)


def reader(stop: threading.Event, seen: list, reads: list):
    client, position = APIClient(), 0
    while True:
        finished = stop.is_set()  # decided before the read: a read after the end drains
        body = client.get(URL, {"after": position, "page_size": 7}).json()
        seen += [event["id"] for event in body["results"]]
        position = body["after"]
        reads.append(len(body["results"]))
        if finished and not body["more"]:
            return


def test_parallel_writers_and_a_paging_reader_agree_on_every_event():
    writers, writes = 8, 25
    stop, seen, reads, failures = threading.Event(), [], [], []
    reading = in_thread(reader, stop, seen, reads)
    threads = [in_thread(writer, seed, writes, failures) for seed in range(writers)]
    for thread in threads:
        thread.join(120)
    stop.set()
    reading.join(60)
    assert not failures, failures
    final = visible_ids()
    assert len(final) == writers * writes  # each write, one event
    assert seen == final  # every event, once, in order
    assert len(set(seen)) == len(seen)
    assert sum(1 for count in reads if count) > 10, "the reader did not overlap the writers"
