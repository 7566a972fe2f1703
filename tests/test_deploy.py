"""The container's start-up script, run here as the image would run it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    return {
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PYTHON": sys.executable,
        "NEWSAPI_ENV": "production",
        "SECRET_KEY": "s" * 10 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BIND": f"127.0.0.1:{free_port()}",
        "WEB_CONCURRENCY": "2",
        "SECURE_SSL_REDIRECT": "false",
    }


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def test_start_script_migrates_then_serves_under_gunicorn(production_env):
    migrate = subprocess.run(
        ["bin/start", "migrate"], cwd=ROOT, env=production_env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    assert "Regions:" in migrate.stdout
    server = subprocess.Popen(["bin/start", "serve"], cwd=ROOT, env=production_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://{production_env['BIND']}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = get(f"{base}/readyz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        assert status == 200
        status, body = get(f"{base}/api/v1/regions/?iso_code=AM")
        assert status == 200
        assert b'"slug":"armenia"' in body
        status, _ = get(f"{base}/api/v1/docs/")  # static assets collected by `migrate`
        assert status == 200
        status, metrics = get(f"{base}/metrics")  # added up across workers
        assert status == 200
        assert b"django_http_requests_total_by_view_transport_method_total" in metrics
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_start_script_refuses_an_unknown_role(production_env):
    result = subprocess.run(["bin/start", "dance"], cwd=ROOT, env=production_env,
                            capture_output=True, text=True, timeout=30)  # fmt: skip
    assert result.returncode == 64
    assert "usage" in result.stderr
