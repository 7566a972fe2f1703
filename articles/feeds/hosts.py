"""At most FEED_HOST_CONCURRENCY fetches from one host at a time, across every worker.

With Redis, each fetch holds a slot in a per-host sorted set; a slot expires on its own
after the fetch deadline, so a worker killed while fetching cannot block its host. In one
process without Redis, polls run one after another and a local count is enough.
"""

import contextlib
import threading
import time
import uuid
from collections import Counter
from functools import cache

import redis
from django.conf import settings

KEY = "newsapi:feeds:host:{host}"
# Drop expired slots, then take one if fewer than the cap are held.
ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
    redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
    redis.call('EXPIRE', KEYS[1], ARGV[5])
    return 1
end
return 0
"""
local_lock = threading.Lock()
local_slots: Counter = Counter()


@cache
def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


@contextlib.contextmanager
def host_slot(host: str):
    """Yields True while holding one of the host's slots, or False if all are taken."""
    acquire, release = (shared_slot if settings.REDIS_URL else local_slot)(host.lower())
    held = acquire()
    try:
        yield held
    finally:
        if held:
            release()


def shared_slot(host: str):
    connection, key, token = client(settings.REDIS_URL), KEY.format(host=host), uuid.uuid4().hex
    lease = int(settings.FEED_FETCH_DEADLINE) + 30
    script = connection.register_script(ACQUIRE)

    def acquire() -> bool:
        now = time.time()
        args = [now, settings.FEED_HOST_CONCURRENCY, now + lease, token, lease]
        return bool(script(keys=[key], args=args))

    return acquire, lambda: connection.zrem(key, token)


def local_slot(host: str):
    def acquire() -> bool:
        with local_lock:
            if local_slots[host] >= settings.FEED_HOST_CONCURRENCY:
                return False
            local_slots[host] += 1
            return True

    def release():
        with local_lock:
            local_slots[host] -= 1

    return acquire, release
