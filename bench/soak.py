"""Soak: mixed read and write traffic against gunicorn and PostgreSQL on loopback.

    .venv/bin/python bench/soak.py [--duration 300] [--connections 64]

Starts the server as the container does (`bin/start migrate`, `bin/start serve`, the
production settings, rate limits raised) against a fresh database in a throwaway
PostgreSQL cluster on 127.0.0.1:5433 (Debian's pg_createcluster; created when missing and
dropped again afterwards), with Redis database 3 as the shared cache (flushed first).

The load comes from a bounded pool of client threads in this process (one connection
each, closed loop): about 85% reads (lists with and without filters, the next page,
details, regions, sources, conditional GETs with If-None-Match) and 15% writes (creates
and ingests with unique copy, patches). Every thread stops at the deadline or at the
request cap, whichever comes first; each request has a 30 s timeout. Intended non-2xx
answers: 304 Not Modified to a conditional GET. Anything else is counted as unexpected
and a sample of each kind is kept with its body.

Recorded: requests, requests/s, status codes, latency percentiles (overall, per kind and
per interval), the RSS of every gunicorn worker from /proc every few seconds, CPU time
of the load generator, the server and PostgreSQL against the whole machine's, the load
average, and the server log's errors. Writes bench/soak.json and the soak section of
RELIABILITY.md. `bench/chaos.py` reuses the pieces below.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict, deque
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
REPORT = ROOT / "RELIABILITY.md"
PYTHON = Path(sys.executable)
HOST = "127.0.0.1"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
UNTHROTTLED = "100000000/min"
# A client waits this long for an answer, queueing for a free worker included.
REQUEST_TIMEOUT_S = 60
READY_TIMEOUT_S = 90
MIB = 1024 * 1024

# Kind of request -> share of the traffic, in percent. Reads 85, writes 15.
READS = {
    "list": 20,  # /articles/, first page, default or smaller page size
    "list_region": 10,  # ?region=<slug or ISO code>
    "list_q": 8,  # ?q=<word>: full-text search
    "list_source": 7,  # ?source=<slug>
    "list_next": 5,  # a `next` cursor link seen earlier
    "detail": 15,  # /articles/{id}/
    "detail_conditional": 8,  # /articles/{id}/ with If-None-Match: its last ETag
    "list_conditional": 4,  # a list URL with If-None-Match: its last ETag
    "regions": 5,  # /regions/, plain or ?iso_code=
    "sources": 3,  # /sources/
}
WRITES = {
    "create": 6,  # POST /articles/ (JSON), unique headline and body
    "patch": 5,  # PATCH /articles/{id}/: summary, or a unique headline (retags)
    "ingest": 4,  # POST /articles/ingest/ (text/plain wire copy), unique
}
MIX = {**READS, **WRITES}
# Non-2xx answers the traffic asks for on purpose.
INTENDED = {304: "Not Modified, to a conditional GET whose ETag is still current"}

SEARCH_WORDS = [
    "border", "bridge", "chip", "exports", "deforestation", "port", "marathon", "hydrogen",
    "ferry", "rover", "wildfire", "cricket", "talks", "soak", "river", "officials",
]  # fmt: skip
ISO_CODES = ["AM", "XK", "TW", "BR", "KE", "JP", "DE", "IN", "CA", "AU", "FR", "US"]
# Datelines for the copy the traffic writes; the tagger finds their regions.
PLACES = [
    ("YEREVAN", "Armenia"), ("OSAKA", "Japan"), ("MOMBASA", "Kenya"), ("HAMBURG", "Germany"),
    ("PERTH", "Australia"), ("VANCOUVER", "Canada"), ("BENGALURU", "India"),
    ("NAIROBI", "Kenya"), ("LYON", "France"), ("TAIPEI", "Taiwan"),
]  # fmt: skip
TOPICS = [
    "Port workers agree new shift pattern", "City council approves river clean-up",
    "Rail operator orders electric trains", "Farmers report early harvest",
    "Museum reopens after renovation", "Court hears appeal over land rights",
]  # fmt: skip


# --- Processes, from /proc -------------------------------------------------------------


def children_of(ppid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == ppid:
            found.append(int(entry))
    return sorted(found)


def rss_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except OSError:
        return None


def pss_bytes(pid: int) -> int | None:
    """Proportional set size: shared pages divided among the processes that map them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int, children: bool = True) -> float:
    """User+system CPU of a process, plus that of its reaped children when asked."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLK_TCK


def tree_cpu_seconds(pid: int | None) -> float:
    """CPU of a process, its live children and the children it has reaped."""
    if pid is None:
        return 0.0
    return cpu_seconds(pid) + sum(cpu_seconds(child) for child in children_of(pid))


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / CLK_TCK, total / CLK_TCK


def loadavg() -> list[float]:
    with open("/proc/loadavg") as f:
        return [float(v) for v in f.read().split()[:3]]


def revision() -> dict:
    """The code measured: the commit, and the tracked files changed since it."""

    def git(*args):
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else None

    changed = git("diff", "--name-only", "HEAD")
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed_tracked_files": changed.splitlines() if changed else [],
    }


def machine_info() -> dict:
    meminfo = {}
    with open("/proc/meminfo") as f:
        for line in f:
            name, value = line.split(":", 1)
            meminfo[name] = int(value.split()[0]) * 1024
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory_total_mib": round(meminfo["MemTotal"] / MIB),
        "memory_available_mib_at_start": round(meminfo["MemAvailable"] / MIB),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average_at_start": loadavg(),
    }


# --- A throwaway PostgreSQL cluster ------------------------------------------------------


class Cluster:
    """A Debian postgresql-common cluster of our own, never the shared one on 5432."""

    def __init__(self, name: str = "chaos", port: int = 5433, version: str | None = None):
        if port == 5432 or name == "main":
            raise SystemExit("refusing to manage the shared PostgreSQL cluster (main, 5432)")
        self.name, self.port = name, port
        self.version = version or self._newest_version()
        self.created = False
        self.was_online = False

    @staticmethod
    def _newest_version() -> str:
        versions = sorted(os.listdir("/etc/postgresql"), key=lambda v: float(v))
        if not versions:
            raise SystemExit("no PostgreSQL installed (/etc/postgresql is empty)")
        return versions[-1]

    def status(self) -> str | None:
        out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            fields = line.split()
            if fields[:2] == [self.version, self.name]:
                if int(fields[2]) != self.port:
                    raise SystemExit(f"cluster {self.name} listens on {fields[2]}, not {self.port}")
                return fields[3]
            if fields and len(fields) > 2 and int(fields[2]) == self.port:
                raise SystemExit(f"port {self.port} belongs to cluster {fields[0]}/{fields[1]}")
        return None

    def ensure(self) -> None:
        status = self.status()
        if status is None:
            run(["pg_createcluster", self.version, self.name, "-p", str(self.port),
                 "--", "--auth=trust"])  # fmt: skip
            self.created = True
        else:
            self.was_online = status == "online"
        if self.status() != "online":
            self.start()

    def start(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "start"])

    def stop(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "stop", "-m", "fast"])

    def restore(self, keep: bool) -> None:
        """Drop the cluster if this run made it, stop it if it was down before."""
        if self.created and not keep:
            run(["pg_dropcluster", self.version, self.name, "--stop"])
        elif not self.was_online and not self.created and self.status() == "online":
            self.stop()

    def postmaster_pid(self) -> int | None:
        try:
            with open(f"/var/lib/postgresql/{self.version}/{self.name}/postmaster.pid") as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def server_version(self) -> str:
        return self.psql("postgres", "SHOW server_version").strip()

    def psql(self, database: str, sql: str) -> str:
        out = run(["psql", "-X", "-q", "-A", "-t", "-h", HOST, "-p", str(self.port), "-U",
                   "postgres", "-d", database, "-c", sql])  # fmt: skip
        return out.stdout

    def fresh_database(self, database: str) -> str:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", database):
            raise SystemExit(f"unsafe database name {database!r}")
        self.psql("postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        self.psql("postgres", f"CREATE DATABASE {database}")
        return f"postgres://postgres@{HOST}:{self.port}/{database}"


def run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --- The server, as the container starts it ----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def flush_cache(redis_url: str) -> None:
    """Empty the cache database so no validator or response of an earlier run survives."""
    db = urllib.parse.urlsplit(redis_url).path.strip("/") or "0"
    if db == "0":
        raise SystemExit("refusing to flush Redis database 0; give REDIS_URL a database of its own")
    code = f"import redis; redis.Redis.from_url({redis_url!r}).flushdb()"
    run([str(PYTHON), "-c", code])


class Server:
    def __init__(self, database_url: str, redis_url: str, workers: int, log_dir: Path):
        self.bind = f"{HOST}:{free_port()}"
        self.base = f"http://{self.bind}"
        self.log_path = log_dir / "gunicorn.log"
        self.env = {
            "PATH": f"{PYTHON.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "PYTHON": str(PYTHON),
            "NEWSAPI_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "BIND": self.bind,
            "WEB_CONCURRENCY": str(workers),
            "THROTTLE_ANON": UNTHROTTLED,
            "THROTTLE_USER": UNTHROTTLED,
            "THROTTLE_INGEST": UNTHROTTLED,
            "THROTTLE_GEOPARSE": UNTHROTTLED,
        }
        self.process: subprocess.Popen | None = None
        self.token = ""

    def manage(self, *args: str) -> str:
        return run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=self.env).stdout

    def prepare(self) -> dict:
        started = time.monotonic()
        run(["bin/start", "migrate"], cwd=ROOT, env=self.env)
        demo = self.manage("load_demo").strip()
        self.token = self.manage("issue_token", "soak", "--editor").strip().splitlines()[-1]
        return {"migrate_and_demo_s": round(time.monotonic() - started, 1), "load_demo": demo}

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            ["bin/start", "serve"], cwd=ROOT, env=self.env, stdout=log, stderr=log,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log_path}")
            try:
                status, _, _ = fetch(self.base + "/readyz", timeout=5)
                if status == 200 and len(self.workers()) >= int(self.env["WEB_CONCURRENCY"]):
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not become ready in time")

    @property
    def master(self) -> int:
        return self.process.pid  # bin/start execs gunicorn: the same process

    def workers(self) -> list[int]:
        return children_of(self.master) if self.process else []

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # our own session only
            self.process.wait(timeout=10)

    def log_summary(self, initial_workers: int) -> dict:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        lines = text.splitlines()
        booted = [line for line in lines if "Booting worker with pid" in line]
        problems = [
            line for line in lines
            if any(mark in line for mark in (
                "Traceback", "WORKER TIMEOUT", "Worker (pid", "[CRITICAL]", "[ERROR]",
                '"level": "ERROR"', '"level": "CRITICAL"',
            ))
        ]  # fmt: skip
        error_503 = [line for line in problems if "Service Unavailable" in line]
        other = [line for line in problems if "Service Unavailable" not in line]
        return {
            "log_lines": len(lines),
            "workers_booted": len(booted),
            "worker_restarts": max(len(booted) - initial_workers, 0),
            "worker_timeouts": sum("WORKER TIMEOUT" in line for line in lines),
            "tracebacks": sum("Traceback" in line for line in lines),
            "error_lines_503": len(error_503),
            "error_lines_other": len(other),
            "error_lines_other_sample": other[:20],
            "database_unavailable_warnings": sum("Database unavailable" in line for line in lines),
        }

    def access_durations(self) -> dict[str, tuple[int, float]]:
        """Request id -> (status, milliseconds in Django), from the JSON access log."""
        found = {}
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        for line in text.splitlines():
            if '"newsapi.access"' not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            found[entry.get("request_id")] = (entry.get("status"), entry.get("duration_ms"))
        return found

    def lines_with(self, needle: str, limit: int = 20) -> list[str]:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [line for line in text.splitlines() if needle in line][:limit]


def fetch(url: str, timeout: float = 10, headers=None) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


# --- Traffic ----------------------------------------------------------------------------


class Pools:
    """What the traffic has seen: article ids, ETags, next links, slugs. Shared by threads;
    appends and lookups on lists and dicts are atomic under the GIL."""

    def __init__(self):
        self.article_ids: list[int] = []
        self.known_ids: set[int] = set()
        self.created_ids: list[int] = []
        self.detail_etags: dict[int, str] = {}
        self.list_etags: dict[str, str] = {}
        self.next_links: deque[str] = deque(maxlen=200)
        self.region_slugs: list[str] = []
        self.source_slugs: list[str] = []

    def learn_list(self, body: bytes) -> None:
        try:
            page = json.loads(body)
        except ValueError:
            return
        nxt = page.get("next")
        if nxt:
            parts = urllib.parse.urlsplit(nxt)
            self.next_links.append(f"{parts.path}?{parts.query}")
        for item in page.get("results", []):
            pk = item.get("id")
            if isinstance(pk, int) and pk not in self.known_ids and len(self.known_ids) < 100_000:
                self.known_ids.add(pk)
                self.article_ids.append(pk)
            for region in item.get("regions") or []:
                slug = region.get("slug")
                if slug and slug not in self.region_slugs and len(self.region_slugs) < 300:
                    self.region_slugs.append(slug)

    def prime(self, base: str) -> None:
        for path in ("/api/v1/articles/?page_size=100", "/api/v1/articles/"):
            status, headers, body = fetch(base + path)
            if status != 200:
                raise SystemExit(f"priming {path} answered {status}: {body[:300]!r}")
            self.learn_list(body)
            if "etag" in headers:
                self.list_etags[path] = headers["etag"]
        status, _, body = fetch(base + "/api/v1/sources/?page_size=100")
        self.source_slugs = [s["slug"] for s in json.loads(body)["results"]]
        for pk in self.article_ids[:20]:
            status, headers, _ = fetch(f"{base}/api/v1/articles/{pk}/")
            if status == 200 and "etag" in headers:
                self.detail_etags[pk] = headers["etag"]
        if not self.article_ids or not self.source_slugs:
            raise SystemExit("priming found no articles or sources")


class Recorder:
    """Every request's outcome, plus the first few bodies of each unexpected answer."""

    def __init__(self, t0: float):
        self.t0 = t0
        # (start s, end s, kind, status (0: no answer), latency ms, note, request id)
        self.records: list[tuple] = []
        self.samples: dict[tuple, list] = defaultdict(list)
        self.failed_writes: list[tuple] = []
        self.lock = threading.Lock()

    def add(self, start, end, kind, status, note=None, request_id=None):
        self.records.append(
            (start - self.t0, end - self.t0, kind, status, (end - start) * 1000, note, request_id)
        )

    def failed_write(self, write, limit=500):
        """Writes answered 5xx or not at all, kept to be retried once the database is back."""
        if len(self.failed_writes) < limit:
            self.failed_writes.append(write)

    def sample(self, key, item, limit=5):
        with self.lock:
            if len(self.samples[key]) < limit:
                self.samples[key].append(item)


class Client(threading.Thread):
    """One connection, one request at a time, until the deadline or the shared cap."""

    def __init__(self, index, base, token, pools, recorder, deadline, budget, seed, run_id,
                 mix=None, stop=None, idempotency=False):  # fmt: skip
        super().__init__(name=f"client-{index}", daemon=True)
        self.index, self.token, self.pools, self.recorder = index, token, pools, recorder
        self.deadline, self.budget, self.run_id = deadline, budget, run_id
        self.stop_event = stop or threading.Event()
        self.idempotency = idempotency  # an Idempotency-Key on every write
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.rng = random.Random(f"{seed}-{index}")
        mix = mix or MIX
        self.kinds, self.weights = list(mix), list(mix.values())
        self.conn = None
        self.counter = 0

    def run(self):
        while time.monotonic() < self.deadline and not self.stop_event.is_set():
            if not self.budget.take():
                break
            kind = self.rng.choices(self.kinds, self.weights)[0]
            try:
                self.one(kind)
            except Exception as exc:  # a bug here must not end the run silently
                self.recorder.sample(("client-error", kind), repr(exc))
        if self.conn is not None:
            self.conn.close()

    # Building requests ---------------------------------------------------------------

    def one(self, kind):
        method, path, headers, body = "GET", None, {"Accept": "application/json"}, None
        pools, rng = self.pools, self.rng
        if kind == "list":
            path = rng.choice(["/api/v1/articles/", "/api/v1/articles/?page_size=10"])
        elif kind == "list_region":
            value = rng.choice(pools.region_slugs or ["armenia"]) if rng.random() < 0.7 else (
                rng.choice(ISO_CODES))  # fmt: skip
            path = f"/api/v1/articles/?region={value}"
        elif kind == "list_q":
            path = f"/api/v1/articles/?q={rng.choice(SEARCH_WORDS)}"
        elif kind == "list_source":
            path = f"/api/v1/articles/?source={rng.choice(pools.source_slugs)}"
        elif kind == "list_next":
            path = rng.choice(pools.next_links) if pools.next_links else "/api/v1/articles/"
        elif kind == "detail":
            path = f"/api/v1/articles/{rng.choice(pools.article_ids)}/"
        elif kind == "detail_conditional":
            pk, etag = rng.choice(list(pools.detail_etags.items()))
            path, headers["If-None-Match"] = f"/api/v1/articles/{pk}/", etag
        elif kind == "list_conditional":
            path, etag = rng.choice(list(pools.list_etags.items()))
            headers["If-None-Match"] = etag
        elif kind == "regions":
            path = rng.choice(
                ["/api/v1/regions/", f"/api/v1/regions/?iso_code={rng.choice(ISO_CODES)}"]
            )
        elif kind == "sources":
            path = "/api/v1/sources/"
        else:
            method, path, headers, body = self.write(kind, headers)
        self.send(kind, method, path, headers, body)

    def unique(self):
        self.counter += 1
        return f"{self.run_id}-{self.index}-{self.counter}"

    def copy(self):
        city, country = self.rng.choice(PLACES)
        mark = self.unique()
        headline = f"{self.rng.choice(TOPICS)} in {city.title()} ({mark})"
        body = (
            f"{city}, {country} - Officials in {city.title()} said on Monday that the plan, "
            f"reference {mark}, would be put to a vote next month.\n\n"
            f"Residents asked for more detail on costs. Soak item {mark}."
        )
        return headline, body, city, country

    def write(self, kind, headers):
        headers = {**headers, "Authorization": f"Bearer {self.token}"}
        if self.idempotency:
            headers["Idempotency-Key"] = f"soak-{uuid.uuid4().hex}"
        if kind == "create":
            headline, body, _, _ = self.copy()
            payload = {"headline": headline, "body": body,
                       "published_at": datetime.now(UTC).isoformat()}  # fmt: skip
            headers["Content-Type"] = "application/json"
            return "POST", "/api/v1/articles/", headers, json.dumps(payload).encode()
        if kind == "ingest":
            headline, body, _, _ = self.copy()
            text = f"World\n\n{headline}\n\n{body.replace(' - ', ' (Reuters) - ', 1)}\n"
            headers["Content-Type"] = "text/plain; charset=utf-8"
            return "POST", "/api/v1/articles/ingest/", headers, text.encode()
        # patch: our own articles when there are some; a summary, or a headline (retags)
        pool = self.pools.created_ids or self.pools.article_ids
        pk = self.rng.choice(pool[-500:])
        if self.rng.random() < 0.7:
            payload = {"summary": f"Updated summary {self.unique()}."}
        else:
            payload = {"headline": f"{self.rng.choice(TOPICS)}, updated ({self.unique()})"}
        headers["Content-Type"] = "application/json"
        return "PATCH", f"/api/v1/articles/{pk}/", headers, json.dumps(payload).encode()

    # Sending ---------------------------------------------------------------------------

    def send(self, kind, method, path, headers, body):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT_S)
        headers = {**headers, "X-Request-ID": f"soak{uuid.uuid4().hex[:24]}"}
        start = time.monotonic()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            end = time.monotonic()
            self.conn.close()
            self.conn = None
            self.recorder.add(start, end, kind, 0, type(exc).__name__, headers["X-Request-ID"])
            if kind in WRITES:
                self.recorder.failed_write((kind, method, path, headers, body, 0))
            self.recorder.sample(("no-answer", kind), f"{method} {path}: {exc!r}")
            return
        end = time.monotonic()
        status = response.status
        note = None
        if status == 503:
            note = check_503(response, data)
        if kind in WRITES and (status >= 500 or status == 0):
            self.recorder.failed_write((kind, method, path, headers, body, status))
        self.recorder.add(start, end, kind, status, note, headers["X-Request-ID"])
        if response.getheader("Connection", "").lower() == "close" or response.will_close:
            self.conn.close()
            self.conn = None
        if 200 <= status < 300 or status == 304:
            self.learn(kind, path, status, response, data)
        if not (200 <= status < 300) and status not in INTENDED:
            self.recorder.sample((status, kind), {
                "request": f"{method} {path}",
                "request_id": headers["X-Request-ID"],
                "at_s": round(start - self.recorder.t0, 3),
                "latency_ms": round((end - start) * 1000, 1),
                "headers": {k: v for k, v in response.getheaders()
                            if k.lower() in ("content-type", "retry-after", "x-request-id")},
                "body": data[:2000].decode(errors="replace"),
            })  # fmt: skip

    def learn(self, kind, path, status, response, data):
        etag = response.getheader("ETag")
        if kind.startswith("list") or kind == "list_next":
            if status == 200:
                self.pools.learn_list(data)
            if etag:
                self.pools.list_etags[path] = etag
        elif kind.startswith("detail") and etag:
            self.pools.detail_etags[int(path.rstrip("/").rsplit("/", 1)[1])] = etag
        elif kind in ("create", "ingest") and status in (200, 201):
            try:
                pk = json.loads(data)["id"]
            except (ValueError, KeyError):
                return
            self.pools.created_ids.append(pk)
            self.pools.known_ids.add(pk)
            self.pools.article_ids.append(pk)
        elif kind == "patch" and etag:
            self.pools.detail_etags[int(path.rstrip("/").rsplit("/", 1)[1])] = etag


def check_503(response, data) -> str:
    """'ok' when a 503 is problem details with Retry-After, else what is missing."""
    missing = []
    if not response.getheader("Content-Type", "").startswith("application/problem+json"):
        missing.append(f"content-type {response.getheader('Content-Type')}")
    if not response.getheader("Retry-After"):
        missing.append("no Retry-After")
    try:
        if json.loads(data).get("status") != 503:
            missing.append("body status")
    except ValueError:
        missing.append("body not JSON")
    return "ok" if not missing else "bad: " + ", ".join(missing)


class Budget:
    """A shared cap on the number of requests, so no run can go on without bound."""

    def __init__(self, limit: int):
        self.left = limit
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def start_clients(connections, base, token, pools, recorder, deadline, max_requests, seed,
                  run_id, mix=None, stop=None, idempotency=False):  # fmt: skip
    budget = Budget(max_requests)
    clients = [
        Client(
            i, base, token, pools, recorder, deadline, budget, seed, run_id, mix, stop, idempotency
        )
        for i in range(connections)
    ]
    for client in clients:
        client.start()
    return clients


def join_clients(clients, deadline):
    for client in clients:
        client.join(timeout=max(deadline + REQUEST_TIMEOUT_S + 5 - time.monotonic(), 0.1))
    return sum(client.is_alive() for client in clients)


# --- Sampling the machine while the load runs --------------------------------------------


class Sampler(threading.Thread):
    """Every `interval` seconds: each worker's RSS, the load average, CPU counters."""

    def __init__(self, server: Server, cluster: Cluster | None, t0: float, interval: float,
                 max_samples: int):  # fmt: skip
        super().__init__(name="sampler", daemon=True)
        self.server, self.cluster, self.t0 = server, cluster, t0
        self.interval, self.max_samples = interval, max_samples
        self.samples: list[dict] = []
        self.stop_event = threading.Event()

    def sample(self) -> dict:
        pids = self.server.workers()
        workers = {pid: rss_bytes(pid) for pid in pids}
        workers = {pid: rss for pid, rss in workers.items() if rss is not None}
        pss = [value for value in map(pss_bytes, pids) if value is not None]
        return {
            "t_s": round(time.monotonic() - self.t0, 1),
            "workers_rss_mib": {str(pid): round(rss / MIB, 1) for pid, rss in workers.items()},
            "workers_rss_total_mib": round(sum(workers.values()) / MIB, 1),
            "workers_pss_total_mib": round(sum(pss) / MIB, 1),
            "master_rss_mib": round((rss_bytes(self.server.master) or 0) / MIB, 1),
            "load_average": loadavg(),
        }

    def run(self):
        while len(self.samples) < self.max_samples and not self.stop_event.is_set():
            self.samples.append(self.sample())
            self.stop_event.wait(self.interval)

    def stop(self):
        self.stop_event.set()
        self.join(timeout=10)
        self.samples.append(self.sample())


class CpuMeter:
    """CPU seconds used by this process (the load generator), the server's process tree,
    PostgreSQL's and the whole machine, between `start()` and `stop()`."""

    def __init__(self, server: Server, cluster: Cluster | None):
        self.server, self.cluster = server, cluster

    def read(self):
        usage = resource.getrusage(resource.RUSAGE_SELF)
        busy, total = machine_cpu()
        postmaster = self.cluster.postmaster_pid() if self.cluster else None
        return {
            "wall": time.monotonic(),
            "client": usage.ru_utime + usage.ru_stime,
            "server": tree_cpu_seconds(self.server.master),
            "postgres": tree_cpu_seconds(postmaster),
            "busy": busy,
            "total": total,
        }

    def start(self):
        self.postmaster = self.cluster.postmaster_pid() if self.cluster else None
        self.before = self.read()

    def stop(self) -> dict:
        after = self.read()
        d = {key: after[key] - self.before[key] for key in after}
        restarted = self.cluster is not None and self.cluster.postmaster_pid() != self.postmaster
        cores = os.cpu_count() or 1
        capacity = d["wall"] * cores
        ours = d["client"] + d["server"] + d["postgres"]
        if restarted:  # a new postmaster: its counters started again, PostgreSQL is unknown
            return {
                "wall_s": round(d["wall"], 1),
                "cores": cores,
                "machine_busy_share": round(d["busy"] / d["total"], 3) if d["total"] else None,
                "load_generator_cpu_s": round(d["client"], 1),
                "load_generator_share_of_machine": round(d["client"] / capacity, 3),
                "gunicorn_cpu_s": round(d["server"], 1),
                "gunicorn_share_of_machine": round(d["server"] / capacity, 3),
                "postgres_cpu_s": None,
                "note": "PostgreSQL restarted during the run: its CPU time is not measured.",
            }
        return {
            "wall_s": round(d["wall"], 1),
            "cores": cores,
            "machine_busy_share": round(d["busy"] / d["total"], 3) if d["total"] else None,
            "load_generator_cpu_s": round(d["client"], 1),
            "load_generator_share_of_machine": round(d["client"] / capacity, 3),
            "load_generator_share_of_busy_cpu": round(d["client"] / d["busy"], 3)
            if d["busy"]
            else None,
            "gunicorn_cpu_s": round(d["server"], 1),
            "gunicorn_share_of_machine": round(d["server"] / capacity, 3),
            "postgres_cpu_s": round(d["postgres"], 1),
            "postgres_share_of_machine": round(d["postgres"] / capacity, 3),
            "other_processes_cpu_s": round(max(d["busy"] - ours, 0), 1),
            "other_processes_share_of_machine": round(max(d["busy"] - ours, 0) / capacity, 3),
        }


# --- Figures ------------------------------------------------------------------------------


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    index = min(max(round(q / 100 * len(ordered) + 0.5) - 1, 0), len(ordered) - 1)
    return ordered[index]


def latency_summary(latencies) -> dict:
    if not latencies:
        return {"count": 0}
    return {
        "count": len(latencies),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(sum(latencies) / len(latencies), 1),
    }


def status_counts(records) -> dict:
    return {str(k): v for k, v in sorted(Counter(r[3] for r in records).items())}


def unexpected(records) -> list:
    return [r for r in records if not (200 <= r[3] < 300) and r[3] not in INTENDED]


def by_kind(records, server_times=None) -> dict:
    """Per kind: status codes, client latency and, from the access log, the time in Django."""
    groups = defaultdict(list)
    for record in records:
        groups[record[2]].append(record)
    result = {}
    for kind, rs in sorted(groups.items(), key=lambda item: -len(item[1])):
        result[kind] = {"statuses": status_counts(rs), **latency_summary([r[4] for r in rs])}
        if server_times is not None:
            django = [server_times[r[6]][1] for r in rs if r[6] in server_times]
            summary = latency_summary([ms for ms in django if ms is not None])
            result[kind]["in_django_ms"] = summary
    return result


def slope_mib_per_min(samples, key) -> float | None:
    """Least-squares slope of a series over time, MiB per minute."""
    points = [(s["t_s"], s[key]) for s in samples]
    if len(points) < 3:
        return None
    mean_t = sum(t for t, _ in points) / len(points)
    mean_v = sum(v for _, v in points) / len(points)
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if not var:
        return None
    cov = sum((t - mean_t) * (v - mean_v) for t, v in points)
    return round(cov / var * 60, 2)


def per_interval(records, width: float, duration: float) -> list[dict]:
    buckets = defaultdict(list)
    for record in records:
        buckets[int(record[1] // width)].append(record)  # by completion time
    rows = []
    for index in range(int(duration // width) + 1):
        rs = buckets.get(index, [])
        if not rs and index * width >= duration:
            continue
        lat = [r[4] for r in rs]
        rows.append({
            "t_s": index * width,
            "requests": len(rs),
            "requests_per_s": round(len(rs) / width, 1),
            "p50_ms": round(percentile(lat, 50), 1) if lat else None,
            "p95_ms": round(percentile(lat, 95), 1) if lat else None,
            "unexpected": len(unexpected(rs)),
        })  # fmt: skip
    return rows


def memory_summary(samples: list[dict]) -> dict:
    if not samples:
        return {}
    totals = [s["workers_rss_total_mib"] for s in samples]
    per_worker = [v for s in samples for v in s["workers_rss_mib"].values()]
    middle = samples[len(samples) // 2]
    pids = sorted({pid for s in samples for pid in s["workers_rss_mib"]})
    return {
        "samples": len(samples),
        "interval_s": round(samples[1]["t_s"] - samples[0]["t_s"], 1) if len(samples) > 1 else None,
        "workers_rss_total_mib": {
            "start": totals[0],
            "middle": middle["workers_rss_total_mib"],
            "end": totals[-1],
            "max": max(totals),
            "min": min(totals),
        },
        "per_worker_rss_mib": {
            "start": samples[0]["workers_rss_mib"],
            "middle": middle["workers_rss_mib"],
            "end": samples[-1]["workers_rss_mib"],
            "max": max(per_worker) if per_worker else None,
        },
        "workers_pss_total_mib": {
            "start": samples[0]["workers_pss_total_mib"],
            "middle": middle["workers_pss_total_mib"],
            "end": samples[-1]["workers_pss_total_mib"],
            "max": max(s["workers_pss_total_mib"] for s in samples),
        },
        "rss_trend_mib_per_min": {
            "whole_run": slope_mib_per_min(samples, "workers_rss_total_mib"),
            "second_half": slope_mib_per_min(samples[len(samples) // 2 :], "workers_rss_total_mib"),
        },
        "worker_pids_seen": pids,
        "master_rss_mib": {
            "start": samples[0]["master_rss_mib"],
            "end": samples[-1]["master_rss_mib"],
        },
    }


def load_summary(samples: list[dict]) -> dict:
    ones = [s["load_average"][0] for s in samples]
    if not ones:
        return {}
    return {
        "1min_min": min(ones),
        "1min_mean": round(sum(ones) / len(ones), 2),
        "1min_max": max(ones),
    }


# --- RELIABILITY.md ---------------------------------------------------------------------

REPORT_HEAD = """# Reliability

Measured on loopback: the API under gunicorn as the container starts it, against
PostgreSQL, with Redis as the shared cache. The sections between the markers are written
by `bench/soak.py` and `bench/chaos.py` from `bench/soak.json` and `bench/chaos.json`.

"""


def write_section(name: str, markdown: str) -> None:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = REPORT.read_text() if REPORT.exists() else REPORT_HEAD
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    REPORT.write_text(text)


def fmt(value, digits=0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def table(rows) -> str:
    return "| figure | value |\n|---|--:|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)


def counts(mapping: dict) -> str:
    return ", ".join(f"{key}: {fmt(value) if isinstance(value, int) else value}"
                     for key, value in mapping.items())  # fmt: skip


def slashed(*values, digits=0) -> str:
    return " / ".join(
        fmt(v, digits) if isinstance(v, int | float) or v is None else str(v) for v in values
    )


def thinned(items: list, about: int) -> list:
    """About `about` evenly spaced items, the first and the last included."""
    if len(items) <= about:
        return items
    step = len(items) / (about - 1)
    picked = sorted({min(round(i * step), len(items) - 1) for i in range(about)})
    return [items[i] for i in picked]


def revision_line(result: dict) -> str:
    code = result.get("revision") or {}
    changed = code.get("changed_tracked_files") or []
    return f"revision {code.get('commit')}" + (
        f" with {len(changed)} tracked files changed" if changed else ""
    )


def machine_line(result: dict) -> str:
    m, load = result["machine"], result["load_average"]
    return (
        f"Machine: {m['nproc']} cores ({m['cpu_model']}), {fmt(m['memory_total_mib'])} MiB "
        f"memory, Linux {m['kernel']}, Python {m['python']}, PostgreSQL "
        f"{result['postgres_version']}; shared with other jobs. Load average (1 min) during "
        f"the run: min {load['1min_min']}, mean {load['1min_mean']}, max {load['1min_max']}."
    )


def soak_markdown(result: dict) -> str:
    t, lat, mem, cpu = result["totals"], result["latency_ms"], result["memory"], result["cpu"]
    cfg, log, fresh = result["config"], result["server_log"], result["freshness_check"]
    rss, pss, trend = (
        mem["workers_rss_total_mib"],
        mem["workers_pss_total_mib"],
        mem["rss_trend_mib_per_min"],
    )
    dj, idle = result["in_django_ms"], result["memory_idle_before_warmup"]
    warm = result["warmup"]
    cached = fresh["cache_version"]
    demo = f'`load_demo`: "{result["prepare"]["load_demo"]}"'
    if cached is None:
        cached = "none cached (the last write removed it)"
    intended = ", ".join(f"{code} ({why})" for code, why in INTENDED.items())
    shares = (
        f"{cpu['load_generator_share_of_machine']:.0%} / {cpu['gunicorn_share_of_machine']:.0%}"
        f" / {cpu['postgres_share_of_machine']:.0%}"
        f" / {cpu['other_processes_share_of_machine']:.0%}"
    )
    figures = table([
        ("requests", fmt(t["requests"])),
        ("requests/s", fmt(t["requests_per_s"], 1)),
        ("status codes", counts(t["statuses"])),
        (f"intended non-2xx: {intended}", fmt(t["intended_non_2xx"])),
        ("unexpected (non-2xx not intended, or no answer)", f"**{t['unexpected']}**"),
        ("latency at the client, p50 / p95 / p99 / max, ms",
         slashed(lat["p50_ms"], lat["p95_ms"], lat["p99_ms"], lat["max_ms"])),
        ("time in Django (access log), p50 / p95 / p99 / max, ms",
         slashed(dj["p50_ms"], dj["p95_ms"], dj["p99_ms"], dj["max_ms"])),
        ("reads / writes", f"{slashed(t['reads'], t['writes'])} ({t['write_share']:.1%} writes)"),
        ("articles in the database at the end", fmt(result["articles_at_end"])),
        ("RSS of all workers before any traffic, then after warm-up, MiB",
         f"{idle['workers_rss_total_mib']}, then {rss['start']}"),
        (f"RSS of all {cfg['web_concurrency']} workers, MiB: start / middle / end / max",
         slashed(rss["start"], rss["middle"], rss["end"], rss["max"])),
        ("PSS of all workers, MiB: start / middle / end / max",
         slashed(pss["start"], pss["middle"], pss["end"], pss["max"])),
        ("RSS trend (least squares), MiB per minute: whole run / second half",
         slashed(trend["whole_run"], trend["second_half"], digits=2)),
        ("largest single worker RSS, MiB", mem["per_worker_rss_mib"]["max"]),
        ("worker restarts / timeouts", slashed(log["worker_restarts"], log["worker_timeouts"])),
        ("tracebacks / other error lines in the server log",
         slashed(log["tracebacks"], log["error_lines_other"])),
        ("CPU share of the machine: load generator / gunicorn / PostgreSQL / the rest", shares),
        ("after the run: cached content version / the database's",
         f"{cached} / {fresh['database_version']}"),
        ("after the run: newest article listed / newest in the database",
         slashed(fresh["newest_article_listed"], fresh["newest_article_in_database"])),
    ])  # fmt: skip
    kinds = "\n".join(
        f"| {kind} | {fmt(v['count'])} | {counts(v['statuses'])} | "
        f"{slashed(v['p50_ms'], v['p95_ms'], v['p99_ms'])} | "
        f"{slashed(v['in_django_ms'].get('p50_ms'), v['in_django_ms'].get('p95_ms'))} |"
        for kind, v in result["by_kind"].items()
    )
    intervals = "\n".join(
        f"| {r['t_s']:.0f} | {fmt(r['requests_per_s'], 1)} | {slashed(r['p50_ms'], r['p95_ms'])}"
        f" | {r['unexpected']} |"
        for r in result["per_interval"]
    )
    samples = result["memory_samples"]
    rss_rows = "\n".join(
        f"| {s['t_s']:.0f} | {s['workers_rss_total_mib']} | "
        f"{', '.join(str(v) for v in s['workers_rss_mib'].values())} | {s['load_average'][0]} |"
        for s in thinned(samples, 12)
    )
    return f"""## Soak

Run {result["started_at"]} to {result["finished_at"]}: `{result["command"]}`.
Code: {revision_line(result)}. {machine_line(result)}

gunicorn with {cfg["web_concurrency"]} sync workers (`WEB_CONCURRENCY`), started as the
container starts it; {cfg["connections"]} client connections, closed loop, for
{cfg["duration_s"]:.0f} s. Mix in percent: {counts(cfg["mix"])}.
A fresh database in the throwaway cluster with the demo data ({demo}).
Warm-up first ({cfg["warmup_s"]:.0f} s, same mix, {warm.get("requests", 0)} requests,
status codes {counts(warm.get("statuses", {}))}).

{figures}

Per kind of request. Client latency is closed loop: it includes the wait for a free
worker; the time in Django is from the access log, joined on X-Request-ID.

| kind | requests | status codes | client p50 / p95 / p99 ms | in Django p50 / p95 ms |
|---|--:|---|--:|--:|
{kinds}

Over time (by completion, {cfg["interval_s"]:.0f} s buckets):

| t (s) | req/s | p50 / p95 ms | unexpected |
|--:|--:|--:|--:|
{intervals}

Workers' RSS from /proc in MiB, every {mem["interval_s"]} s (a subset; all in
`bench/soak.json`):

| t (s) | all workers | each worker | load avg 1 min |
|--:|--:|---|--:|
{rss_rows}
"""


# --- The run ------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (300)")
    parser.add_argument("--connections", type=int, default=64, help="client connections (64)")
    parser.add_argument("--workers", type=int, default=4, help="WEB_CONCURRENCY (4)")
    parser.add_argument("--max-requests", type=int, default=None,
                        help="cap on requests (default: 2,000 per second of duration)")  # fmt: skip
    parser.add_argument("--warmup", type=float, default=20, help="seconds of warm-up (20)")
    parser.add_argument("--sample-every", type=float, default=5, help="RSS sampling period, s")
    parser.add_argument("--interval", type=float, default=30, help="report bucket width, s")
    parser.add_argument("--seed", default="soak")
    parser.add_argument("--cluster", default="chaos", help="throwaway cluster name (chaos)")
    parser.add_argument("--port", type=int, default=5433, help="its port (5433)")
    parser.add_argument("--database", default="newsapi_soak")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--keep-cluster", action="store_true", help="do not drop a cluster we made")
    parser.add_argument("--output", type=Path, default=BENCH / "soak.json")
    parser.add_argument("--no-report", action="store_true", help="leave RELIABILITY.md alone")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite the RELIABILITY.md section from --output")  # fmt: skip
    return parser.parse_args(argv)


def setup(args, log_prefix: str):
    """Cluster, fresh database, empty cache, migrated and seeded, server started."""
    if not shutil.which("pg_ctlcluster"):
        raise SystemExit("needs Debian's postgresql-common (pg_createcluster, pg_ctlcluster)")
    cluster = Cluster(args.cluster, args.port)
    cluster.ensure()
    log_dir = Path(tempfile.mkdtemp(prefix=f"newsapi-{log_prefix}-"))
    database_url = cluster.fresh_database(args.database)
    flush_cache(args.redis_url)
    server = Server(database_url, args.redis_url, args.workers, log_dir)
    prepared = server.prepare()
    server.start()
    return cluster, server, prepared


def freshness_check(server: Server, cluster: Cluster, database: str, redis_url: str) -> dict:
    """After the writes stop, the cached content version must be the database's: else lists
    and their ETags stay those of an older version until the next write."""
    db_version = int(
        cluster.psql(database, "SELECT version FROM articles_contentstate WHERE id = 1")
    )
    code = (
        "import redis, sys; v = redis.Redis.from_url(sys.argv[1]).get('newsapi:1:content-version');"
        "print(v.decode() if v is not None else '')"
    )
    cached = run([str(PYTHON), "-c", code, redis_url]).stdout.strip()
    cache_version = int(cached) if cached.isdigit() else None
    newest = cluster.psql(
        database, "SELECT id FROM articles_article ORDER BY published_at DESC, id DESC LIMIT 1"
    ).strip()
    status, _, body = fetch(server.base + "/api/v1/articles/?page_size=1")
    listed = json.loads(body)["results"][0]["id"] if status == 200 else None
    return {
        "database_version": db_version,
        "cache_version": cache_version,
        "consistent": cache_version in (None, db_version),
        "newest_article_in_database": int(newest) if newest.isdigit() else None,
        "newest_article_listed": listed,
    }


def warm_up(args, server, pools, run_id) -> dict:
    """A short run of the same mix, so every worker has loaded what writes need (the
    tagger's gazetteer) before memory is watched. Its answers are reported, not hidden."""
    if args.warmup <= 0:
        return {}
    recorder = Recorder(time.monotonic())
    deadline = time.monotonic() + args.warmup
    clients = start_clients(
        min(args.connections, 2 * args.workers), server.base, server.token, pools, recorder,
        deadline, int(args.warmup * 500), f"{args.seed}-warmup", run_id,
    )  # fmt: skip
    join_clients(clients, deadline)
    records = recorder.records
    return {
        "duration_s": args.warmup,
        "requests": len(records),
        "statuses": status_counts(records),
        "unexpected": len(unexpected(records)),
        "unexpected_samples": {f"{k[0]} {k[1]}": v for k, v in recorder.samples.items()},
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render:
        write_section("soak", soak_markdown(json.loads(args.output.read_text())))
        return 0
    given = argv if argv is not None else sys.argv[1:]
    command = shlex.join([".venv/bin/python", "bench/soak.py", *given])
    if os.environ.get("MAKELEVEL"):
        command = f"make soak  # {command}"
    max_requests = args.max_requests or int(args.duration * 2000)
    run_id = uuid.uuid4().hex[:8]
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    machine, code = machine_info(), revision()
    cluster, server, prepared = setup(args, "soak")
    print(f"server {server.base}, log {server.log_path}", flush=True)
    try:
        pools = Pools()
        pools.prime(server.base)
        initial_workers = server.workers()
        idle = Sampler(server, cluster, time.monotonic(), 1, 1).sample()
        warmup = warm_up(args, server, pools, run_id)
        print(f"warm-up: {warmup}", flush=True)
        t0 = time.monotonic()
        recorder = Recorder(t0)
        sampler = Sampler(server, cluster, t0, args.sample_every,
                          max_samples=int(args.duration / args.sample_every) + 5)  # fmt: skip
        meter = CpuMeter(server, cluster)
        meter.start()
        sampler.start()
        deadline = t0 + args.duration
        clients = start_clients(
            args.connections, server.base, server.token, pools, recorder, deadline,
            max_requests, args.seed, run_id,
        )  # fmt: skip
        while time.monotonic() < deadline and any(c.is_alive() for c in clients):
            time.sleep(min(10, max(deadline - time.monotonic(), 0.1)))
            done = len(recorder.records)
            print(f"  {time.monotonic() - t0:6.0f} s  {done:7d} requests", flush=True)
        stuck = join_clients(clients, deadline)
        elapsed = time.monotonic() - t0
        cpu = meter.stop()
        sampler.stop()
        time.sleep(1)
        fresh = freshness_check(server, cluster, args.database, args.redis_url)
        articles = int(cluster.psql(args.database, "SELECT count(*) FROM articles_article"))
        final_workers = server.workers()
        postgres_version = cluster.server_version()
    finally:
        server.stop()
    log = server.log_summary(len(initial_workers))
    server_times = server.access_durations()
    cluster.restore(args.keep_cluster)

    records = recorder.records
    bad = unexpected(records)
    writes = sum(r[2] in WRITES for r in records)
    in_django = [server_times[r[6]][1] for r in records if r[6] in server_times]
    result = {
        "kind": "soak",
        "revision": code,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": machine,
        "postgres_version": postgres_version,
        "config": {
            "duration_s": args.duration,
            "connections": args.connections,
            "web_concurrency": args.workers,
            "worker_class": "sync",
            "warmup_s": args.warmup,
            "max_requests_cap": max_requests,
            "mix": MIX,
            "interval_s": args.interval,
            "request_timeout_s": REQUEST_TIMEOUT_S,
            "load_generator": "Python threads in one process, one http.client connection each",
            "redis_url": args.redis_url,
            "database": f"{args.database} on cluster {cluster.version}/{cluster.name}, "
            f"port {cluster.port}",
        },
        "prepare": prepared,
        "warmup": warmup,
        "totals": {
            "requests": len(records),
            "elapsed_s": round(elapsed, 1),
            "requests_per_s": round(len(records) / elapsed, 1),
            "statuses": status_counts(records),
            "intended_non_2xx": sum(r[3] in INTENDED for r in records),
            "intended_statuses": {str(k): v for k, v in INTENDED.items()},
            "unexpected": len(bad),
            "unexpected_by_status": status_counts(bad),
            "no_answer": sum(r[3] == 0 for r in records),
            "reads": len(records) - writes,
            "writes": writes,
            "write_share": round(writes / len(records), 3) if records else 0,
            "clients_still_running_at_end": stuck,
        },
        "latency_ms": latency_summary([r[4] for r in records]),
        "in_django_ms": latency_summary([ms for ms in in_django if ms is not None]),
        "by_kind": by_kind(records, server_times),
        "per_interval": per_interval(records, args.interval, elapsed),
        "memory_idle_before_warmup": idle,
        "memory": memory_summary(sampler.samples),
        "memory_samples": sampler.samples,
        "load_average": load_summary(sampler.samples),
        "cpu": cpu,
        "workers": {"at_start": initial_workers, "at_end": final_workers},
        "server_log": log,
        "freshness_check": fresh,
        "articles_at_end": articles,
        "unexpected_samples": {f"{k[0]} {k[1]}": v for k, v in recorder.samples.items()},
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    if not args.no_report:
        write_section("soak", soak_markdown(result))
    t = result["totals"]
    brief = {
        "requests": t["requests"], "rps": t["requests_per_s"], "statuses": t["statuses"],
        "unexpected": t["unexpected"], "latency": result["latency_ms"],
        "in_django": result["in_django_ms"], "memory": result["memory"]["workers_rss_total_mib"],
        "trend": result["memory"]["rss_trend_mib_per_min"], "cpu": cpu, "fresh": fresh,
    }  # fmt: skip
    print(json.dumps(brief, indent=1))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
