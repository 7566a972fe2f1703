"""Real workers on the real broker: scheduled polls, scale-out, and a worker killed mid-batch.

Each test starts `celery -A newsapi worker` subprocesses on the test database (which
must be PostgreSQL: they cannot see an in-memory SQLite one) and Redis on loopback.
"""

import os
import subprocess
import time
from datetime import timedelta
from itertools import pairwise

import pytest
from django.db import connection

from articles.models import Article, FeedFetch
from tests.factories import SourceFactory
from tests.feeds.polling_server import DESK_V1, numbered_feed
from tests.feeds.workers import (
    CELERY,
    QUEUE,
    ROOT,
    TEST_REDIS_URL,
    Worker,
    clean_broker,
    redis_reachable,
    send,
    wait_until,
    worker_command,
    worker_environment,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workers(transactional_db, board, tmp_path):
    """Starts workers on demand; stops them before the test database is emptied."""
    if connection.vendor != "postgresql":
        pytest.skip("workers run in other processes, which need a PostgreSQL test database")
    if not redis_reachable():
        pytest.skip(f"workers need Redis at {TEST_REDIS_URL}")
    clean_broker()
    started = []

    def start(name, *, beat=False, concurrency=1, **settings):
        env = worker_environment(board.server_address[1], **settings)
        log = tmp_path / f"{name}.log"
        command = worker_command(name, log, beat=beat, concurrency=concurrency)
        worker = Worker(name, log, env, command)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    for worker in started:
        worker.wait()
    clean_broker()


def fetches_of(source):
    return list(FeedFetch.objects.filter(source=source).order_by("fetched_at"))


def test_beat_and_a_worker_poll_a_due_feed_on_its_interval_with_conditional_gets(board, workers):
    source = SourceFactory(
        feed_url=board.serve("/desk.xml", DESK_V1), poll_interval=timedelta(seconds=1)
    )
    workers("scheduled", beat=True)
    fetches = wait_until(lambda: len(found := fetches_of(source)) >= 3 and found, timeout=20)
    assert [fetch.outcome for fetch in fetches[:3]] == ["fetched", "unchanged", "unchanged"]
    assert [fetch.status_code for fetch in fetches[:3]] == [200, 304, 304]
    assert Article.objects.filter(source=source).count() == 2
    first, *later = board.hits("/desk.xml")
    assert "If-None-Match" not in first
    assert all(hit["If-None-Match"] == board.feeds["/desk.xml"].etag for hit in later)
    gaps = [(b.fetched_at - a.fetched_at).total_seconds() for a, b in pairwise(fetches)]
    assert min(gaps) >= 0.95  # never sooner than the source's interval


def test_added_workers_share_the_queue_and_keep_to_the_per_host_cap(board, workers):
    sources = [
        SourceFactory(feed_url=board.serve(f"/slow-{n}.xml", numbered_feed(2, f"s{n}"), delay=0.4))
        for n in range(4)
    ]
    cap = {"FEED_HOST_CONCURRENCY": 1}
    # One process each, so a worker takes a task only when free: the other takes the rest.
    second = workers("second", **cap)
    first = workers("first", beat=True, **cap)
    wait_until(lambda: FeedFetch.objects.filter(source__in=sources).count() == 4, timeout=30)
    assert board.peak == 1  # one fetch at a time from 127.0.0.1, across both workers
    assert Article.objects.count() == 8
    assert all("tasks.poll_feed[" in worker.output() for worker in (first, second))
    assert "put off: host busy" in first.output() + second.output()


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(board, workers):
    count = 200
    source = SourceFactory(feed_url=board.serve("/bulk.xml", numbered_feed(count, "bulk")))
    stored = Article.objects.filter(source=source).count
    # A short visibility timeout, so the next worker takes over the dead one's task soon.
    first = workers("doomed", CELERY_VISIBILITY_TIMEOUT=4)
    send("articles.tasks.poll_feed", source.pk)
    wait_until(lambda: stored() >= count // 5, timeout=30, every=0.01)
    first.kill()
    time.sleep(0.2)  # a commit sent just before the kill may still be completing
    partial = stored()
    assert 0 < partial < count, "the poll was not killed mid-batch"
    assert not FeedFetch.objects.exists()  # the killed poll logged nothing

    workers("successor", CELERY_VISIBILITY_TIMEOUT=4)
    wait_until(FeedFetch.objects.exists, timeout=30)
    assert stored() == count
    ids = Article.objects.filter(source=source).values_list("external_id", flat=True)
    assert sorted(ids) == sorted(f"bulk-{n}" for n in range(count))
    fetches = fetches_of(source)
    assert sum(fetch.items_new for fetch in fetches) == count - partial
    assert all(fetch.items_new + fetch.items_duplicate == count for fetch in fetches)


def test_the_image_worker_role_refuses_to_start_without_redis():
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    result = subprocess.run(
        ["bin/start", "worker"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 78
    assert "needs REDIS_URL" in result.stderr


def test_the_image_worker_role_starts_a_worker_on_the_broker(tmp_path):
    if not redis_reachable():
        pytest.skip(f"workers need Redis at {TEST_REDIS_URL}")
    path = f"{CELERY.parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "REDIS_URL": TEST_REDIS_URL, "CELERY_QUEUE": QUEUE, "PATH": path}
    worker = Worker("celery", tmp_path / "role.log", env, ["bin/start", "worker"])
    worker.stop()
    worker.wait()
    assert f"redis://:**@{TEST_REDIS_URL.split('://', 1)[1]}" in worker.output()
    assert f".> {QUEUE}" in worker.output()
