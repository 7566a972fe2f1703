"""Real Celery workers for the tests: subprocesses on the test database and a Redis broker.

They use their own Redis database (FEED_TEST_REDIS_URL, db 15 by default) and a queue
named after the test process, so nothing else on the same Redis is touched.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import redis
from celery import Celery
from django.db import connection

TEST_REDIS_URL = os.environ.get("FEED_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
QUEUE = f"feeds-test-{os.getpid()}"
CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def database_url() -> str:
    """The URL of the database the tests run on (pytest-django's test database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def send(task: str, *args) -> None:
    """Put a task on the workers' queue, as the product's code does, by name."""
    # Not the current app: shared tasks sent later in this process must keep using ours.
    with Celery(broker=TEST_REDIS_URL, set_as_current=False) as client:
        client.send_task(task, args=args, queue=QUEUE)


def wait_until(condition, timeout: float, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s")
        time.sleep(every)
    return result


def worker_command(name: str, log: Path, *, beat: bool, concurrency: int) -> list[str]:
    command = [
        str(CELERY), "-A", "newsapi", "worker", "-Q", QUEUE, "-n", f"{name}@%h",
        "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel", "INFO",
    ]  # fmt: skip
    return command + (["--beat", "--schedule", str(log.with_suffix(".beat"))] if beat else [])


class Worker:
    """A worker command in its own process group, logging to a file; ready when it says so."""

    def __init__(self, name: str, log: Path, env: dict, command: list[str]):
        self.name, self.log = name, log
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_until(self.ready, timeout=30)

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited:\n{self.output()}")
        return f"{self.name}@" in self.output() and " ready." in self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once: no shutdown, no cleanup."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Ask for a warm shutdown, which gives unfinished tasks back; see `wait`."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def wait(self) -> None:
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def worker_environment(board_port: int, **overrides) -> dict:
    # Only the test database: a replica would be the real one, not a mirror of it.
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_REPLICA_URL"}
    env |= {
        "DATABASE_URL": database_url(),
        "REDIS_URL": TEST_REDIS_URL,
        "CELERY_QUEUE": QUEUE,
        "FEED_ALLOW_PRIVATE_ADDRESSES": "true",
        "FEED_ALLOWED_PORTS": f"80,443,{board_port}",
        "FEED_SCHEDULER_TICK": "0.5",
        "FEED_HOST_BUSY_DELAY": "0.3",
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def clean_broker() -> None:
    """Remove this run's queue and its binding."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.delete(QUEUE, f"_kombu.binding.{QUEUE}")
