"""An HTTP(S) connection pinned to addresses already checked, with a deadline.

It connects to the checked addresses and never looks the name up again; the name is
only sent, as the Host header and TLS server name. The read timeout bounds each wait;
the deadline bounds the whole exchange, however slowly a server dribbles its bytes.
"""

import contextlib
import http.client
import socket
import ssl
import threading
import time

from django.conf import settings

from .errors import FeedFetchError


class PinnedConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, addresses: list[str], tls: bool, deadline: float):
        super().__init__(host, port, timeout=getattr(settings, "FEED_READ_TIMEOUT", 10))
        self.addresses = addresses
        self.tls = tls
        # The Host header leaves out the port when it is the scheme's default.
        self.default_port = 443 if tls else 80
        self.deadline = deadline
        self.expired = False
        self.live = self.watchdog = None

    def connect(self):
        self.live = self.connect_to_first_reachable()
        self.live.settimeout(self.timeout)
        self.watchdog = threading.Timer(self.remaining(), self.expire)
        self.watchdog.daemon = True
        self.watchdog.start()
        if self.tls:
            # The certificate is verified against the name, as SNI says, not the address.
            context = ssl.create_default_context()
            self.live = context.wrap_socket(self.live, server_hostname=self.host)
        self.sock = self.live

    def connect_to_first_reachable(self) -> socket.socket:
        timeout = min(getattr(settings, "FEED_CONNECT_TIMEOUT", 5), self.remaining())
        error = None
        for address in self.addresses:
            try:
                return socket.create_connection((address, self.port), timeout=timeout)
            except OSError as exc:
                error = exc
        raise error

    def remaining(self) -> float:
        return max(self.deadline - time.monotonic(), 0.001)

    def expire(self):
        # A server sending a byte just within each read timeout would never time out;
        # shutting the socket down ends whatever read is in progress. The plain socket
        # method is called so TLS state is not touched from this thread.
        self.expired = True
        with contextlib.suppress(OSError):
            socket.socket.shutdown(self.live, socket.SHUT_RDWR)

    def check_deadline(self):
        if self.expired or time.monotonic() > self.deadline:
            raise FeedFetchError("the feed took too long to download")

    def close(self):
        if self.watchdog is not None:
            self.watchdog.cancel()
        super().close()
