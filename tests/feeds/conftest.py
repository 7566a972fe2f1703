"""Feed fixtures: a real HTTP server on 127.0.0.1, started once, reachable per test."""

import shutil
import socket
import ssl
import threading

import pytest

from tests.feeds.local_server import (
    FeedHandler,
    FeedServer,
    LocalServer,
    gzip_bomb,
    make_certificate,
)
from tests.feeds.polling_server import FeedBoard

TLS_NAME = "feeds.test"


def serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def running_server():
    server = FeedServer(("127.0.0.1", 0), FeedHandler)
    server.requests = []
    server.bomb = gzip_bomb()
    yield from serve(server)


@pytest.fixture(scope="session")
def running_tls_server(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 whose certificate names feeds.test; it notes the SNI."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl tool makes the test certificate")
    cert, key = make_certificate(tmp_path_factory.mktemp("tls"), TLS_NAME)
    server = FeedServer(("127.0.0.1", 0), FeedHandler)
    server.requests, server.server_names = [], []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, context: server.server_names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.cert = cert
    yield from serve(server)


@pytest.fixture
def feed_server(running_server, settings):
    """The local server, reachable: loopback addresses and its port are allowed."""
    running_server.requests.clear()
    port = running_server.server_address[1]
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEED_ALLOWED_PORTS = [80, 443, port]
    return LocalServer(port, running_server.requests)


@pytest.fixture
def tls_server(running_tls_server, settings, monkeypatch):
    """The HTTPS server, reachable, with its certificate trusted as a certificate authority."""
    running_tls_server.requests.clear()
    running_tls_server.server_names.clear()
    monkeypatch.setenv("SSL_CERT_FILE", str(running_tls_server.cert))
    port = running_tls_server.server_address[1]
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEED_ALLOWED_PORTS = [port]
    return running_tls_server


@pytest.fixture
def resolver(monkeypatch):
    """Names that resolve as the test says; each lookup is counted."""
    answers, lookups = {}, []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, lookups


@pytest.fixture(scope="session")
def running_board():
    yield from serve(FeedBoard())


@pytest.fixture
def board(running_board, settings):
    """The polling tests' feed host, emptied and reachable."""
    running_board.reset()
    settings.FEED_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEED_ALLOWED_PORTS = [80, 443, running_board.server_address[1]]
    return running_board
