"""A feed host for polling tests: feeds the test sets, with ETags, failures and delays.

Each path serves the feed put there; a matching If-None-Match gets 304. A feed can be
made to fail with a status or to answer slowly, and the server notes every request and
the most it ever had in progress at once.
"""

import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DESK_V1, DESK_V2 = FIXTURES / "desk_v1.xml", FIXTURES / "desk_v2.xml"


@dataclass
class Feed:
    body: bytes
    status: int = 200
    delay: float = 0.0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class BoardHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        board = self.server
        with board.lock:
            board.requests.append((self.path, dict(self.headers)))
            board.active += 1
            board.peak = max(board.peak, board.active)
        try:
            self.answer(board.feeds.get(self.path))
        finally:
            with board.lock:
                board.active -= 1

    def answer(self, feed: Feed | None):
        if feed is None:
            return self.reply(404, b"no feed here")
        time.sleep(feed.delay)
        if feed.status != 200:
            return self.reply(feed.status, b"failing on purpose")
        if self.headers.get("If-None-Match") == feed.etag:
            return self.reply(304, b"", ETag=feed.etag)
        self.reply(200, feed.body, ETag=feed.etag, **{"Content-Type": "application/rss+xml"})

    def reply(self, status, body, **headers):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class FeedBoard(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), BoardHandler)
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.feeds: dict[str, Feed] = {}
        self.requests: list = []
        self.active = self.peak = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_address[1]}{path}"

    def serve(self, path: str, body: bytes | Path, **options) -> str:
        """Put a feed at `path`; returns its URL."""
        self.feeds[path] = Feed(body.read_bytes() if isinstance(body, Path) else body, **options)
        return self.url(path)

    def hits(self, path: str) -> list[dict]:
        """The headers of each request for `path`, in order."""
        return [headers for requested, headers in self.requests if requested == path]

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a killed worker) is expected


def numbered_feed(count: int, prefix: str) -> bytes:
    """An RSS feed of `count` distinct entries, each with a guid and a few paragraphs."""
    places = ["Yerevan", "Baku", "Tbilisi", "Moscow", "Hamburg", "Mombasa", "Osaka", "Perth"]
    items = []
    for number in range(count):
        place = places[number % len(places)]
        paragraphs = "".join(
            f"<p>Officials in {place} gave update {number}.{part} on the harbour works, "
            f"which are expected to take {number + part} more weeks.</p>"
            for part in range(4)
        )
        items.append(
            f"<item><title>{prefix} bulletin {number} from {place}</title>"
            f"<guid isPermaLink='false'>{prefix}-{number}</guid>"
            f"<link>https://{prefix}.example.com/{number}</link>"
            f"<pubDate>Mon, 02 Jun 2025 08:00:00 GMT</pubDate>"
            f"<description>{escape(paragraphs)}</description></item>"
        )
    channel = f"<title>{prefix} wire</title><link>https://{prefix}.example.com/</link>"
    return f'<rss version="2.0"><channel>{channel}{"".join(items)}</channel></rss>'.encode()
