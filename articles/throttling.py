"""Rate limits with atomic counters in the shared cache, and headers that announce them.

DRF's stock throttles read, append and write a list of timestamps, so concurrent requests
in several workers can all pass the check; a fixed-window counter incremented atomically
(Redis INCR when REDIS_URL is set) cannot overshoot.
"""

from rest_framework import throttling


class AtomicWindowMixin:
    """A fixed window of `duration` seconds per client and scope."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        count = self._increment(f"{self.key}:{window}")
        self.remaining = max(self.num_requests - count, 0)
        self.reset = (window + 1) * self.duration - now
        _announce(request, self)
        return count <= self.num_requests

    def _increment(self, key) -> int:
        """One round trip to the cache in the common case: the window's counter exists."""
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request (or it expired a moment ago)
            if self.cache.add(key, 1, self.duration + 1):
                return 1
            return self.cache.incr(key)  # another worker started the window first

    def wait(self):
        return self.reset


class AnonThrottle(AtomicWindowMixin, throttling.AnonRateThrottle):
    pass


class UserThrottle(AtomicWindowMixin, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        # Anonymous clients are AnonThrottle's; counting them here too would cost a round trip.
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class ScopedThrottle(AtomicWindowMixin, throttling.ScopedRateThrottle):
    def allow_request(self, request, view):
        # The scope, and so the rate, comes from the view: settle it before counting.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


def anonymous_limits(view) -> list[tuple[str, str]]:
    """The (scope, rate) pairs an anonymous request to this view counts against."""
    limits = []
    for throttle in view.get_throttles():
        if isinstance(throttle, ScopedThrottle):
            scope = getattr(view, throttle.scope_attr, None)
            if scope:
                limits.append((scope, throttle.THROTTLE_RATES.get(scope)))
        elif isinstance(throttle, AnonThrottle) and throttle.rate:
            limits.append((throttle.scope, throttle.rate))
    return [(scope, rate) for scope, rate in limits if rate]


def count_anonymous(request, scope: str, rate: str) -> bool:
    """Count a plain Django request as AnonThrottle or ScopedThrottle would count an
    anonymous DRF request (the same key), for answers given before DRF; True if allowed."""
    throttle = _EarlyThrottle()
    throttle.scope, throttle.rate = scope, rate
    throttle.num_requests, throttle.duration = throttle.parse_rate(rate)
    return throttle.allow_request(request, None)


class _EarlyThrottle(AnonThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _announce(request, throttle) -> None:
    """Keep the tightest limit seen on this request for the response headers."""
    request = getattr(request, "_request", request)  # DRF's request wraps Django's
    current = getattr(request, "rate_limit", None)
    if current is None or throttle.remaining < current[1]:
        request.rate_limit = (throttle.num_requests, throttle.remaining, throttle.reset)


class RateLimitHeadersMiddleware:
    """`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` on throttled routes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        limit = getattr(request, "rate_limit", None)
        if limit is not None:
            response["RateLimit-Limit"] = str(limit[0])
            response["RateLimit-Remaining"] = str(limit[1])
            response["RateLimit-Reset"] = str(max(int(limit[2] + 0.999), 1))
        return response
