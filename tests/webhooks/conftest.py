"""A real webhook receiver on 127.0.0.1, and subscriptions that post to it."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import User
from django.db import connection

from articles.webhooks import runner
from articles.webhooks.subscriptions import subscription_create, subscriptions_changed


@dataclass
class Received:
    headers: dict
    body: bytes
    at: float = field(default_factory=time.monotonic)

    @property
    def message(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the server got, and the statuses it answers with, in turn (then 204)."""

    port: int
    requests: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks/news"

    def wait_for(self, count: int, timeout: float = 10) -> list:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def deliver(self, count: int) -> list:
        """Have the delivery thread go (if commits have not woken it) and wait for `count`
        requests."""
        WAKE()
        return self.wait_for(count)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = receiver.answers.pop(0) if receiver.answers else 204
        with receiver.arrived:  # noted before answering: the sender may look at once
            receiver.requests.append(Received(dict(self.headers), body))
            receiver.arrived.notify_all()
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def receiving_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


WAKE = runner.wake


@pytest.fixture(autouse=True)
def forget_active_subscriptions():
    """Whether subscriptions are on is remembered for a few seconds: not across tests."""
    subscriptions_changed()
    yield
    subscriptions_changed()


@pytest.fixture
def receiver(receiving_server, settings, monkeypatch):
    """The receiver, emptied, reachable (loopback and its port allowed), sent to by a
    background thread with quick retries.

    On SQLite commits do not wake the thread, `Receiver.deliver` does: the shared in-memory
    test database answers "table is locked" at once when two threads use it together.
    """
    if connection.vendor == "sqlite":
        monkeypatch.setattr(runner, "wake", lambda: None)
    port = receiving_server.server_address[1]
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEED_ALLOWED_PORTS = [80, 443, port]
    settings.WEBHOOK_DELIVERY = "thread"
    settings.WEBHOOK_RETRY_SCHEDULE = [0.2, 0.2, 0.2]
    settings.WEBHOOK_THREAD_LINGER = 5
    receiving_server.receiver = Receiver(port)
    yield receiving_server.receiver
    assert runner.wait_until_idle(20), "the delivery thread did not finish"


@pytest.fixture
def owner(db):
    return User.objects.create(username="subscriber")


@pytest.fixture
def subscribe(owner, receiver):
    def make(**fields):
        return subscription_create(owner=owner, target_url=receiver.url, **fields)

    return make
