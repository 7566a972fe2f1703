"""Getting deliveries out after a commit: by the job queue, or by a thread of this process.

With WEBHOOK_DELIVERY = "queue" (REDIS_URL set) a commit that wrote change events sends
the `deliver_webhooks` task, and workers send each delivery; the beat schedule sends it
too, every WEBHOOK_TICK seconds, for retries and for anything a lost message left behind.

With "thread", one background thread per process matches and sends, woken by each commit.
It stays while retries come due within WEBHOOK_THREAD_LINGER seconds, then ends; later
retries go out with the next commit's round, or from `manage.py send_webhooks`.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .dispatch import dispatch_all
from .sending import claim_due, next_due_at, send_claimed
from .subscriptions import any_active
from .tasks import deliver_webhooks

logger = logging.getLogger(__name__)

_guard = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None


def changes_committed() -> None:
    """Called once a transaction that wrote change events has committed."""
    if not any_active():
        return
    if settings.WEBHOOK_DELIVERY == "queue":
        try:
            deliver_webhooks.delay()
        except Exception:  # the broker is away: the beat schedule catches up
            logger.warning("could not queue webhook deliveries", exc_info=True)
    else:
        wake()


def deliver_round() -> int:
    """Match new events, then send every due delivery here, one after another, until none
    is due; returns how many attempts were made."""
    dispatch_all()
    attempts = 0
    while claimed := claim_due(limit=50):
        for delivery_id, attempt in claimed:
            send_claimed(delivery_id, attempt)
        attempts += len(claimed)
    return attempts


def wake() -> None:
    """Have the background thread do a round soon, starting it if it is not running."""
    global _thread
    with _guard:
        _wake.set()
        if _thread is None:
            _thread = threading.Thread(target=_run, name="webhooks", daemon=True)
            _thread.start()


def _run() -> None:
    global _thread
    try:
        while True:
            _wake.clear()
            try:
                deliver_round()
                pause = _seconds_to_next_due()
            except Exception:
                logger.exception("webhook round failed")
                pause = None
            if pause is not None and pause <= settings.WEBHOOK_THREAD_LINGER:
                _wake.wait(max(pause, 0.05))
                continue
            with _guard:
                if not _wake.is_set():
                    _thread = None
                    return
    finally:
        with _guard:
            if _thread is threading.current_thread():
                _thread = None  # ended by an error: the next wake starts another
        connections.close_all()  # this thread's connections only


def _seconds_to_next_due() -> float | None:
    due = next_due_at()
    return None if due is None else (due - timezone.now()).total_seconds()


def wait_until_idle(timeout: float = 10.0) -> bool:
    """Wait for the background thread to finish its work and end; False on timeout."""
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        with _guard:
            thread = _thread
        if thread is None:
            return True
        thread.join(min(0.05, max(limit - time.monotonic(), 0)))
    return False
