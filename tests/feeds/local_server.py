"""The feed files, and a real HTTP server for 127.0.0.1 that misbehaves on request."""

import contextlib
import gzip
import struct
import subprocess
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RSS = FIXTURES / "rss2.xml"
ATOM = FIXTURES / "atom.xml"
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 03 Jun 2025 10:00:00 GMT"
MiB = 1024 * 1024


def gzip_bomb(megabytes: int = 1024) -> bytes:
    """A valid gzip stream of `megabytes` MiB of zeros, about 1 KB per MiB, built fast.

    After a full flush the compressor starts afresh, so one compressed MiB of zeros can be
    repeated instead of compressing the whole gigabyte.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(bytes(MiB), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (megabytes * MiB) & 0xFFFFFFFF)
    return header + block * megabytes + compressor.flush() + trailer


class FeedHandler(BaseHTTPRequestHandler):
    """Routes: /feed.xml, /feed.xml.gz, /redirect?to=, /loop, /big, /big-stream, /bomb,
    /slow, /trickle, /trickle-headers, /missing, /page.html."""

    def do_GET(self):
        self.server.requests.append((self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        name = "route_" + parts.path.strip("/").replace(".", "_").replace("-", "_")
        route = getattr(self, name, self.route_missing)
        with contextlib.suppress(OSError):  # the client gave up, as limits make it do
            route(query)

    def route_feed_xml(self, query):
        if self.headers.get("If-None-Match") == ETAG or (
            self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            return self.reply(304, b"")
        self.reply(200, RSS.read_bytes(), ETag=ETAG, **{"Last-Modified": LAST_MODIFIED})

    def route_feed_xml_gz(self, query):
        self.reply(200, gzip.compress(RSS.read_bytes()), **{"Content-Encoding": "gzip"})

    def route_redirect(self, query):
        self.reply(302, b"", Location=query["to"])

    def route_loop(self, query):
        self.reply(302, b"", Location="/loop")

    def route_big(self, query):
        self.reply(200, b"x" * int(query["size"]))

    def route_big_stream(self, query):
        # No Content-Length: only counting while reading can stop it.
        self.send_response(200)
        self.end_headers()
        for _ in range(int(query["size"]) // 4096 + 1):
            self.wfile.write(b"x" * 4096)

    def route_bomb(self, query):
        self.reply(200, self.server.bomb, **{"Content-Encoding": "gzip"})

    def route_slow(self, query):
        time.sleep(float(query["seconds"]))
        self.reply(200, RSS.read_bytes())

    def route_trickle(self, query):
        # A byte at a time, each well within the read timeout: only a deadline stops it.
        self.send_response(200)
        self.end_headers()
        until = time.monotonic() + float(query["seconds"])
        while time.monotonic() < until:
            self.wfile.write(b"x")
            time.sleep(0.02)

    def route_trickle_headers(self, query):
        self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
        until = time.monotonic() + float(query["seconds"])
        while time.monotonic() < until:
            self.wfile.write(b"x")
            time.sleep(0.02)

    def route_missing(self, query):
        self.reply(404, b"not here")

    def route_page_html(self, query):
        self.reply(200, b"<html><body><p>Not a feed.</p></body></html>")

    def reply(self, status, body, **headers):
        self.send_response(status)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # keep test output quiet


class FeedServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client hanging up on a slow or huge reply is expected


@dataclass
class LocalServer:
    port: int
    requests: list

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def make_certificate(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name` and its key, made with the openssl tool."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
    names = ["-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}"]
    files = ["-keyout", str(key), "-out", str(cert)]
    subprocess.run([*command.split(), *names, *files], check=True, capture_output=True)
    return cert, key
