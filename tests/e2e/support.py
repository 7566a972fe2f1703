"""Helpers for the end-to-end checks: the image's tree, its environment, its servers."""

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def secret_key() -> str:
    """A key production accepts: long, random, not the development one."""
    return secrets.token_urlsafe(50)


def image_env(**settings: str) -> dict[str, str]:
    """The environment the image sets (`ENV` in the Dockerfile) plus the given settings.

    Nothing is inherited from the caller's environment, so a `DATABASE_URL` or `REDIS_URL`
    set for the test run never leaks into a server.
    """
    return {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "NEWSAPI_ENV": "production",
        **settings,
    }


def production_env(database_url: str, **settings: str) -> dict[str, str]:
    """Production settings for a server on loopback without a TLS proxy in front."""
    return image_env(
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        WEB_CONCURRENCY="2",
        **settings,
    )


def run(args, *, cwd, env, timeout=300) -> subprocess.CompletedProcess:
    """Run a command to completion; fail the test with its output when it fails."""
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))} exited with {result.returncode}\n"
            f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result


def http_get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    """GET a URL; 4xx and 5xx come back as a status, not an exception."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url: str):
    status, body = http_get(url)
    assert status == 200, f"GET {url} answered {status}: {body[:500]!r}"
    return json.loads(body)


# The build context, as `.dockerignore` filters it.


def _dockerignore_regex(pattern: str) -> re.Pattern:
    """A `.dockerignore` pattern as a regular expression over a slash-separated path."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def dockerignore_rules(root: Path) -> list[tuple[bool, re.Pattern]]:
    rules = []
    for line in (root / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keep = line.startswith("!")
        pattern = line.lstrip("!").strip().strip("/")
        rules.append((keep, _dockerignore_regex(os.path.normpath(pattern))))
    return rules


def is_ignored(relative: str, rules) -> bool:
    """Docker's rule: the last matching pattern wins; a match on a folder covers its content."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for keep, regex in rules:
        if any(regex.match(prefix) for prefix in prefixes):
            ignored = not keep
    return ignored


def copy_build_context(root: Path, target: Path) -> None:
    rules = dockerignore_rules(root)
    for folder, dirnames, filenames in os.walk(root):
        relative_folder = Path(folder).relative_to(root)
        dirnames[:] = [
            d for d in dirnames if not is_ignored((relative_folder / d).as_posix(), rules)
        ]
        for name in filenames:
            relative = relative_folder / name
            if is_ignored(relative.as_posix(), rules):
                continue
            (target / relative_folder).mkdir(parents=True, exist_ok=True)
            # Files may come and go while the tree is read; a vanished one is not copied.
            with contextlib.suppress(FileNotFoundError):
                shutil.copy2(root / relative, target / relative, follow_symlinks=False)


# Databases.


@contextlib.contextmanager
def postgres_database(server_url: str, prefix: str = "newsapi_e2e"):
    """A new, empty database on the PostgreSQL server of `server_url`, dropped afterwards.

    Skips the test when the server cannot be reached.
    """
    psycopg = pytest.importorskip("psycopg")
    from psycopg import sql

    parts = urlsplit(server_url)
    try:
        admin = psycopg.connect(
            urlunsplit(parts._replace(path="/postgres")), autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {parts.hostname}:{parts.port or 5432}: {error}".strip())
    name = f"{prefix}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextlib.contextmanager
def scratch_database(folder: Path):
    """SQLite in `folder`, or a fresh PostgreSQL database when the run itself is on PostgreSQL
    (`DATABASE_URL=postgres://...`), so each run exercises the database it names."""
    outer = os.environ.get("DATABASE_URL", "")
    if outer.startswith(("postgres://", "postgresql://")):
        with postgres_database(outer) as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'db.sqlite3'}"


# Servers.


@dataclass
class AppImage:
    """The image's tree; `ready()` waits for its build step, the static files."""

    path: Path
    build: subprocess.Popen
    build_log: Path

    def ready(self) -> Path:
        if self.build.wait(timeout=300) != 0:
            pytest.fail(f"collectstatic failed:\n{tail(self.build_log)}")
        return self.path


@contextlib.contextmanager
def serving(image: AppImage, env: dict[str, str], log_path: Path):
    """`bin/start serve` on a free loopback port; yields the base URL once it answers."""
    app_dir = image.ready()
    bind = f"127.0.0.1:{free_port()}"
    base_url = f"http://{bind}"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            ["bin/start", "serve"],
            cwd=app_dir,
            env={**env, "BIND": bind},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode}:\n{tail(log_path)}")
            try:
                status, _ = http_get(f"{base_url}/healthz", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer within 60 s:\n{tail(log_path)}")
            time.sleep(0.25)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def tail(path: Path, size: int = 4000) -> str:
    return path.read_text(errors="replace")[-size:] if path.exists() else ""


def schema_operations(schema: dict) -> list[dict]:
    """Every operation in the schema: method, path, operationId and tags."""
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [
        {
            "method": method.upper(),
            "path": path,
            "operation_id": operation["operationId"],
            "tags": operation.get("tags", ["default"]),
        }
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]


def find_operation(schema: dict, method: str, path: str) -> dict:
    for operation in schema_operations(schema):
        if (operation["method"], operation["path"]) == (method, path):
            return operation
    raise AssertionError(f"the schema has no {method} {path}")
