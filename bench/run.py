"""Benchmark the API against a typical DRF project, the same by the book, and a ceiling.

    .venv/bin/python bench/run.py [--size 10000] [--reuse] [--duration S] [--rounds N]

Creates (or, with --reuse, keeps) a PostgreSQL database, migrates it, loads the gazetteer
and generated articles with COPY, starts gunicorn with the production settings (sync
workers, DEBUG off) on loopback, and drives wrk through every scenario for every system,
side by side in one run. Then ingestion through the bulk endpoint and `import_articles`,
and profiles of the API. Writes bench/results.json, bench/results.meta.json,
bench/profiles/ and BENCHMARKS.md. Every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import datagen, latency, report  # noqa: E402  (neither needs Django configured)

BENCH = ROOT / "bench"
OUT = BENCH / "out"
PROFILES = BENCH / "profiles"
RESULTS = BENCH / "results.json"
META = BENCH / "results.meta.json"
LUA = BENCH / "wrk_report.lua"
LUA_CACHE_MISS = BENCH / "wrk_cache_miss.lua"

SYSTEMS = {
    "api": "/api/v1/",
    # The API again, each request with its own Accept header: its response cache never hits.
    "api_cache_miss": "/api/v1/",
    "baseline": "/bench/baseline/",
    "drf_by_the_book": "/bench/drf-by-the-book/",
    "ceiling": "/bench/ceiling/",
}
# Effectively no rate limit: the benchmark measures the work, not the throttle's refusals.
UNTHROTTLED = "100000000/min"
# A request slower than this (measured once, alone) is run with fewer connections and a
# longer, bounded, duration, so that enough requests complete to be counted.
SLOW_REQUEST_S = 0.5
IDLE_TIMEOUT_S = 90
# Items per bulk request in the throughput measurement: the endpoint's maximum, as a
# client loading an archive would send them.
BULK_BATCH = 100
# Scenarios sampled with py-spy in the workers, under load.
PYSPY_SCENARIOS = ["list", "detail", "search_common"]
FULL_BATCH = 100


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    title: str


SCENARIOS = [
    Scenario("list", "articles/?page_size=50", "Article list, first page of 50"),
    Scenario("detail", "articles/{detail_id}/", "Article detail"),
    Scenario(
        "list_region",
        "articles/?page_size=50&region=europe",
        "List filtered by region with descendants (`europe`)",
    ),
    Scenario(
        "search_common",
        "articles/?page_size=50&q=government",
        "Search, common term (`q=government`)",
    ),
    Scenario(
        "search_rare", "articles/?page_size=50&q=hydrofoil", "Search, rare term (`q=hydrofoil`)"
    ),
    Scenario(
        "search_region_date",
        "articles/?page_size=50&q=government&region=asia&published_after=2025-01-01T00:00:00Z",
        "Search + region + date (`q=government&region=asia&published_after=2025-01-01`)",
    ),
    Scenario("sources", "sources/?page_size=50", "Sources list"),
    Scenario("regions", "regions/?page_size=100", "Regions list, first page of 100"),
]


@dataclass(frozen=True)
class Profile:
    duration: int  # seconds per measured wrk run
    warmup: int  # seconds of wrk before it, thrown away
    connections: int
    rounds: int  # each scenario x system this many times, the systems' order rotated
    slow_duration: int  # upper bound for runs of slow requests
    bulk_batches: int  # at most this many batches of BULK_BATCH items through the bulk endpoint...
    bulk_seconds: int  # ...and no new batch after this many seconds
    import_articles: int
    profile_requests: int
    trigger_sample: int


PROFILES_BY_SIZE = {
    10_000: Profile(3, 1, 8, 2, 12, 12, 30, 60, 10, 300),
    100_000: Profile(10, 2, 8, 2, 60, 20, 120, 1_000, 30, 1_000),
    1_000_000: Profile(20, 2, 8, 2, 120, 30, 240, 2_000, 30, 1_000),
}


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def profile_for(size: int) -> Profile:
    fitting = [known for known in sorted(PROFILES_BY_SIZE) if known <= size]
    return PROFILES_BY_SIZE[fitting[-1] if fitting else min(PROFILES_BY_SIZE)]


# --- the database --------------------------------------------------------------------------


def prepare_database(admin_dsn: str, name: str, *, reuse: bool, size: int, seed: int) -> bool:
    """Create the database unless reusing one loaded with the same size and seed.

    Returns True when the articles still have to be loaded.
    """
    import psycopg

    with psycopg.connect(admin_dsn + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse and _loaded_marker(admin_dsn + "/" + name) == [size, seed]:
            log(f"Reusing database {name} ({size:,} articles, seed {seed}).")
            return False
        if exists:
            log(f"Dropping database {name}.")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def _loaded_marker(dsn: str):
    import psycopg

    try:
        with psycopg.connect(dsn) as conn:
            row = conn.execute("SELECT size, seed FROM bench_dataset").fetchone()
            return list(row) if row else None
    except psycopg.Error:
        return None


def mark_loaded(dsn: str, size: int, seed: int) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_dataset")
        conn.execute("CREATE TABLE bench_dataset (size integer, seed bigint)")
        conn.execute("INSERT INTO bench_dataset VALUES (%s, %s)", [size, seed])


def vacuum_analyze(dsn: str) -> float:
    import psycopg

    began = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in ("articles_article", "articles_articleregion", "articles_region"):
            conn.execute(f"VACUUM ANALYZE {table}")
        conn.execute("ANALYZE")
    return time.perf_counter() - began


def dataset_facts(dsn: str) -> dict:
    import psycopg

    queries = {
        "articles": "SELECT count(*) FROM articles_article",
        "region_tags": "SELECT count(*) FROM articles_articleregion",
        "related_article_rows": "SELECT count(*) FROM articles_article_related_articles",
        "regions": "SELECT count(*) FROM articles_region",
        "sources": "SELECT count(*) FROM articles_source",
        "sections": "SELECT count(*) FROM articles_section",
        "articles_matching_common_term": "SELECT count(*) FROM articles_article WHERE "
        "search_vector @@ websearch_to_tsquery('english', 'government')",
        "articles_matching_rare_term": "SELECT count(*) FROM articles_article WHERE "
        "search_vector @@ websearch_to_tsquery('english', 'hydrofoil')",
        "articles_in_europe": "SELECT count(DISTINCT t.article_id) FROM articles_articleregion t"
        " JOIN articles_region r ON r.id = t.region_id WHERE r.path LIKE '/europe/%%'",
        "published_from": "SELECT min(published_at)::date::text FROM articles_article",
        "published_to": "SELECT max(published_at)::date::text FROM articles_article",
        "table_size_mb": "SELECT pg_total_relation_size('articles_article') / 1048576",
        "database_size_mb": "SELECT pg_database_size(current_database()) / 1048576",
        "postgresql": "SELECT version()",
    }
    with psycopg.connect(dsn) as conn:
        return {key: conn.execute(sql).fetchone()[0] for key, sql in queries.items()}


def detail_id(dsn: str) -> int:
    """A recent article with several region tags and related articles."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT a.id FROM articles_article a"
            " WHERE (SELECT count(*) FROM articles_articleregion t WHERE t.article_id = a.id) >= 4"
            " AND EXISTS (SELECT 1 FROM articles_article_related_articles r"
            "             WHERE r.from_article_id = a.id)"
            " ORDER BY a.published_at DESC LIMIT 1"
        ).fetchone()
        if row is None:
            row = conn.execute("SELECT max(id) FROM articles_article").fetchone()
    return row[0]


def wait_database_idle(dsn: str, deadline: float) -> None:
    """Until no other session runs a query in the benchmark database (bounded)."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            (active,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND state = 'active' AND pid <> pg_backend_pid()"
            ).fetchone()
            if active == 0:
                return
            time.sleep(0.25)


def manage(env: dict, *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# --- the server ----------------------------------------------------------------------------


class Server:
    """gunicorn with the project's gunicorn.conf.py, started and stopped by its process id."""

    def __init__(self, env: dict, port: int, log_path: Path):
        self.env, self.port, self.log_path = env, port, log_path
        self.dsn = env["DATABASE_URL"]
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(gunicorn), "--config", "gunicorn.conf.py", "newsapi.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200 and len(self.workers()) >= self.worker_count:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    @property
    def worker_count(self) -> int:
        return int(self.env.get("WEB_CONCURRENCY", "4"))

    def workers(self) -> list[int]:
        """Process ids of the workers: children of the master, from /proc."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                found.append(int(entry.name))
        return sorted(found)

    def rss_mb(self) -> tuple[float, float]:
        """Resident memory of the workers: (sum, largest), in MiB."""
        sizes = []
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return (round(sum(sizes), 1), round(max(sizes), 1)) if sizes else (0.0, 0.0)

    def cpu_seconds(self) -> float:
        return sum(process_cpu(self.workers()).values())

    def database_backends(self) -> list[int]:
        """PostgreSQL backends serving the workers (their connections persist)."""
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            ).fetchall()
        return [pid for (pid,) in rows]

    def wait_idle(self, dsn: str, timeout: float = IDLE_TIMEOUT_S) -> None:
        """Until requests left over from the last run are done: workers and database idle."""
        deadline = time.monotonic() + timeout
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - before < 0.05:
                break
            before = now
        wait_database_idle(dsn, deadline)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log_file.close()


def process_cpu(pids) -> dict[int, float]:
    """CPU seconds (user + system) of each process, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


class CpuMeter:
    """CPU spent by the gunicorn workers and by their PostgreSQL backends during a run:
    less disturbed by other load on a shared machine than requests per second."""

    def __init__(self, server: Server):
        self.server = server

    def __enter__(self):
        self.app = process_cpu(self.server.workers())
        self.db = process_cpu(self.server.database_backends())
        return self

    def __exit__(self, *exc):
        app = process_cpu(self.server.workers())
        db = process_cpu(self.server.database_backends())
        # Only processes present at both ends count (a recycled worker starts again at 0).
        self.app_seconds = sum(app[pid] - self.app[pid] for pid in app if pid in self.app)
        self.db_seconds = sum(db[pid] - self.db[pid] for pid in db if pid in self.db)


# --- the load generator --------------------------------------------------------------------


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def wrk_script(cache_miss: bool) -> Path:
    """The reporter, preceded by the cache-miss request generator when asked for."""
    if not cache_miss:
        return LUA
    combined = OUT / "wrk_cache_miss_report.lua"
    combined.write_text(LUA_CACHE_MISS.read_text() + "\n" + LUA.read_text())
    return combined


def wrk(url: str, *, duration: int, connections: int, timeout: int, cache_miss=False) -> dict:
    """One bounded wrk run; its counts, latency percentiles and its own CPU share."""
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", f"{timeout}s",
        "-s", str(wrk_script(cache_miss)), url,
    ]  # fmt: skip
    busy0, total0 = machine_cpu()
    began = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        watchdog = threading.Timer(duration + timeout + 30, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        output.seek(0)
        text = output.read().decode(errors="replace")
    busy1, total1 = machine_cpu()
    line = next((x for x in text.splitlines() if x.startswith("WRK_JSON ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({process.returncode}): {text[-2000:]}")
    result = json.loads(line.removeprefix("WRK_JSON "))
    seconds = result["duration_us"] / 1e6
    errors = sum(result[key] for key in result if key.endswith(("_errors", "timeouts")))
    cpus = os.cpu_count() or 1
    return {
        "rps": round(result["requests"] / seconds, 2) if seconds else 0.0,
        "requests": result["requests"],
        "p50_ms": round(result["p50_us"] / 1000, 2),
        "p95_ms": round(result["p95_us"] / 1000, 2),
        "p99_ms": round(result["p99_us"] / 1000, 2),
        "errors": errors,
        "error_detail": {
            key: result[key] for key in result if key.endswith(("_errors", "timeouts"))
        },
        "duration_s": round(seconds, 2),
        "loadgen_cpu_share": round((usage.ru_utime + usage.ru_stime) / (wall * cpus), 3),
        "machine_cpu_busy": round((busy1 - busy0) / max(total1 - total0, 1), 3),
    }


# --- in-process checks: queries per request, identical JSON, profiles ---------------------


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ["ACCESS_LOG_LEVEL"] = "WARNING"  # this process's own checks, not the server's
    import django

    django.setup()


def items_of(payload):
    """What the systems share: the items of a list page, or the whole detail object."""
    if isinstance(payload, dict) and "results" in payload:
        return payload["results"]
    return payload


def miss_accept() -> str:
    """An Accept header the API's response cache has never seen (still plain JSON)."""
    return f"application/json; miss={secrets.token_hex(8)}"


def inspect_scenarios(scenarios: dict[str, str], host: str) -> dict:
    """Queries per request, one request's latency and whether each system's items are
    byte-identical to the API's, through Django's test client in this process."""
    from django.test import Client

    client = Client(HTTP_HOST=host, raise_request_exception=False)
    found = {}
    with RedisCommands() as redis_commands:
        for name, path in scenarios.items():
            _inspect_one(client, name, path, found, redis_commands)
    return found


class RedisCommands:
    """Counts the Redis commands this process sends (throttle counters, cached responses)."""

    def __enter__(self):
        import redis

        self.count = 0
        self.target = redis.Redis
        self.original = redis.Redis.execute_command
        original = self.original

        def counting(client, *args, **options):
            self.count += 1
            return original(client, *args, **options)

        self.target.execute_command = counting
        return self

    def __exit__(self, *exc):
        self.target.execute_command = self.original


def _inspect_one(client, name, path, found, redis_commands) -> None:
    """One scenario through every system: queries, Redis commands, latency, same items."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reference = None
    for system, prefix in SYSTEMS.items():
        headers = {}
        if system == "api_cache_miss":
            headers = {"HTTP_ACCEPT": miss_accept()}
            client.get(prefix + path, HTTP_ACCEPT=miss_accept())
        elif system in ("api", "ceiling"):
            client.get(prefix + path)  # fills the API's cache; the ceiling keeps the answer
        began = time.perf_counter()
        sent = redis_commands.count
        with CaptureQueriesContext(connection) as captured:
            response = client.get(prefix + path, **headers)
        latency = time.perf_counter() - began
        sent = redis_commands.count - sent
        try:
            items = json.dumps(items_of(json.loads(response.content)), ensure_ascii=False)
        except ValueError:  # not JSON: an error page
            items = None
        if system == "api":
            reference = items
        found[name, system] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "redis_commands": sent,
            "db_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 2),
            "latency_s": latency,
            "bytes": len(response.content),
            "same_items_as_api": items is not None and items == reference,
            "sql": [q["sql"] for q in captured.captured_queries][:12],
        }


def explain_api_queries(found: dict, dsn: str, scenarios: dict[str, str]) -> None:
    """EXPLAIN ANALYZE of the API's queries per scenario, into bench/profiles/."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        for name in scenarios:
            lines = []
            for sql in found[name, "api_cache_miss"]["sql"] or found[name, "api"]["sql"]:
                lines.append("-- " + sql[:4000])
                try:
                    plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql).fetchall()
                    lines += [row[0] for row in plan]
                except psycopg.Error as exc:
                    conn.rollback()
                    lines.append(f"(not explained: {exc})")
                lines.append("")
            (PROFILES / f"explain_api_{name}.txt").write_text("\n".join(lines))


def profile_api(scenarios: dict[str, str], host: str, requests: int) -> dict:
    """pyinstrument over `requests` requests per API scenario, in this process; each with
    its own Accept header, so that the work is profiled rather than the response cache."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(HTTP_HOST=host)
    summaries = {}
    for name, path in scenarios.items():
        client.get(SYSTEMS["api"] + path, HTTP_ACCEPT=miss_accept())
        accepts = [miss_accept() for _ in range(requests)]
        profiler = Profiler(interval=0.001)
        profiler.start()
        for accept in accepts:
            client.get(SYSTEMS["api"] + path, HTTP_ACCEPT=accept)
        session = profiler.stop()
        (PROFILES / f"api_{name}.txt").write_text(
            profiler.output_text(unicode=False, color=False, show_all=False)
        )
        summaries[name] = report.categorise(session.root_frame(), requests)
    return summaries


def profile_bulk(numbers, token: str, host: str, items: int) -> dict:
    """One bulk batch through the test client: its queries, and a pyinstrument profile."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {token}")
    url = SYSTEMS["api"] + "articles/bulk/"
    # The first item in a process also builds the gazetteer and the tagger's lexicon.
    began = time.perf_counter()
    client.post(url, json.dumps([{"text": numbers.copies(1)[0]}]), content_type="application/json")
    first_item = time.perf_counter() - began
    batch = [{"text": text} for text in numbers.copies(items)]
    profiler = Profiler(interval=0.001)
    with CaptureQueriesContext(connection) as captured:
        profiler.start()
        response = client.post(url, json.dumps(batch), content_type="application/json")
        session = profiler.stop()
    (PROFILES / "api_ingest_bulk.txt").write_text(
        profiler.output_text(unicode=False, color=False, show_all=False)
    )
    body = json.loads(response.content)
    return {
        "status": response.status_code,
        "created": body.get("created"),
        "queries_per_article": round(len(captured.captured_queries) / items, 1),
        "first_item_in_process_s": round(first_item, 2),
        "categories": report.categorise(session.root_frame(), items),
    }


def pyspy_profiles(server: Server, paths: dict[str, str], names, seconds: int) -> dict:
    """Sample every gunicorn worker with py-spy while wrk loads one API scenario (cache
    misses): where the CPU time goes on the real serving path (idle samples, such as
    waiting on PostgreSQL or for a request, are left out)."""
    executable = Path(sys.executable).with_name("py-spy")
    found = {}
    for name in [name for name in names if name in paths]:
        url = server.base + SYSTEMS["api"] + paths[name]
        script = str(wrk_script(cache_miss=True))
        load = subprocess.Popen(
            ["wrk", "-t1", "-c8", f"-d{seconds + 4}s", "--timeout", "10s", "-s", script, url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(2)  # past the first requests of each worker
        spies = []
        for pid in server.workers():
            output = OUT / f"pyspy_{name}_{pid}.txt"
            command = [
                str(executable), "record", "--pid", str(pid), "--duration", str(seconds),
                "--rate", "250", "--format", "raw", "--full-filenames",
                "--output", str(output),
            ]  # fmt: skip
            spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            spies.append((output, spy))
        stacks = {}
        for output, spy in spies:
            try:
                spy.wait(timeout=seconds + 60)
            except subprocess.TimeoutExpired:
                spy.kill()
                spy.wait(timeout=10)
            if not output.exists():
                raise RuntimeError(f"py-spy wrote nothing: {spy.stderr.read().decode()[-500:]}")
            for line in output.read_text().splitlines():
                stack, _, count = line.rpartition(" ")
                if stack and count.isdigit():
                    frames = tuple(stack.split(";"))
                    stacks[frames] = stacks.get(frames, 0) + int(count)
        try:
            load.wait(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            load.kill()
            load.wait(timeout=10)
        summary = report.categorise_stacks(stacks)
        (PROFILES / f"pyspy_api_{name}.txt").write_text(report.top_leaves_text(stacks, name))
        found[name] = summary
        log(f"  py-spy {name}: {summary['samples']:,} samples")
        server.wait_idle(server.dsn)
    return found


# --- ingestion -----------------------------------------------------------------------------


def bulk_ingest(server: Server, token: str, payloads: list[bytes], *, clients: int,
                seconds: float) -> dict:  # fmt: skip
    """POST the batches with `clients` concurrent connections; no new batch after `seconds`."""
    work = queue.Queue()
    for payload in payloads:
        work.put(payload)
    outcomes, lock = [], threading.Lock()
    began = time.perf_counter()
    deadline = time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            try:
                payload = work.get_nowait()
            except queue.Empty:
                return
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
            start = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    SYSTEMS["api"] + "articles/bulk/",
                    body=payload,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                    },
                )
                response = connection.getresponse()
                body = response.read()
                status = response.status
            except OSError as exc:
                status, body = 0, str(exc).encode()
            finally:
                connection.close()
            finished = time.perf_counter()
            report_ = json.loads(body) if status == 200 else {}
            with lock:
                outcomes.append(
                    {
                        "status": status,
                        "seconds": finished - start,
                        "finished": finished,
                        "created": report_.get("created", 0),
                        "duplicates": report_.get("duplicates", 0),
                        "failed": report_.get("failed", 0),
                    }
                )

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 600)
    if not outcomes:
        raise RuntimeError("no bulk batch completed")
    wall = max(outcome["finished"] for outcome in outcomes) - began
    latencies = sorted(outcome["seconds"] for outcome in outcomes)
    created = sum(outcome["created"] for outcome in outcomes)
    return {
        "batches": len(outcomes),
        "created": created,
        "duplicates": sum(outcome["duplicates"] for outcome in outcomes),
        "failed_items": sum(outcome["failed"] for outcome in outcomes),
        "http_errors": sum(outcome["status"] != 200 for outcome in outcomes),
        "seconds": round(wall, 2),
        "articles_per_s": round(created / wall, 1),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 1),
        "clients": clients,
    }


def _percentile(values: list[float], percent: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(percent) - 1]


def import_command(env: dict, copies: list[str]) -> dict:
    """`manage.py import_articles FILE --quiet` over raw copies in one .jsonl file."""
    folder = OUT / "import"
    folder.mkdir(parents=True, exist_ok=True)
    articles = folder / "articles.jsonl"
    empty = folder / "empty.jsonl"
    articles.write_text("".join(json.dumps({"text": text}) + "\n" for text in copies))
    empty.write_text("")
    began = time.perf_counter()
    manage(env, "import_articles", str(empty), "--quiet")
    startup = time.perf_counter() - began
    began = time.perf_counter()
    output = manage(env, "import_articles", str(articles), "--quiet", timeout=3_600)
    wall = time.perf_counter() - began
    created = int(output.split(":", 1)[1].split("created")[0].strip())
    return {
        "created": created,
        "summary": output.strip().splitlines()[0],
        "seconds": round(wall, 2),
        "startup_seconds": round(startup, 2),
        "articles_per_s": round(created / wall, 1),
        "articles_per_s_without_startup": round(created / max(wall - startup, 1e-6), 1),
    }


# --- the run -------------------------------------------------------------------------------


def free_port(preferred: int) -> int:
    """The preferred loopback port if nothing listens there, else one the kernel picks."""
    import socket

    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


def server_env(args, dsn: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "THROTTLE_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        NEWSAPI_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=dsn,
        BIND=f"127.0.0.1:{args.port}",
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_MAX_REQUESTS="0",  # no worker recycling in the middle of a measurement
        THROTTLE_ANON=UNTHROTTLED,
        THROTTLE_USER=UNTHROTTLED,
        THROTTLE_INGEST=UNTHROTTLED,
        THROTTLE_GEOPARSE=UNTHROTTLED,
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    else:
        env.pop("REDIS_URL", None)
    return env


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:  # any failure means: run without it
        return False


def versions(dsn: str) -> dict:
    import django
    import gunicorn
    import orjson
    import psycopg
    import rest_framework

    wrk_line = subprocess.run(
        ["wrk", "-v"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    with psycopg.connect(dsn) as conn:
        (postgres,) = conn.execute("SHOW server_version").fetchone()
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "djangorestframework": rest_framework.VERSION,
        "psycopg": psycopg.__version__,
        "postgresql": postgres,
        "gunicorn": gunicorn.__version__,
        "orjson": orjson.__version__,
        "wrk": wrk_line[0].split()[1] if wrk_line and len(wrk_line[0].split()) > 1 else "unknown",
    }


def product_revision() -> dict:
    """Which product was measured: the commit, and product files changed since it (read-only
    git; BENCH_PRODUCT_REVISION names the commit when the tree is an export of one)."""
    exported = os.environ.get("BENCH_PRODUCT_REVISION")
    if exported:
        return {"revision": exported, "uncommitted_product_files": [], "tree": "export"}

    def git(*args):
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                              check=False, timeout=30)  # fmt: skip
        return done.stdout.strip() if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "articles", "newsapi", "gunicorn.conf.py")
    return {
        "revision": git("rev-parse", "HEAD") or "unknown",
        "uncommitted_product_files": [line[3:] for line in changed.splitlines()],
        "tree": "working tree",
    }


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "")
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(total_kb / 1024 / 1024, 1),
        "cpu": model,
        "kernel": platform.release(),
        "load_average_at_start": os.getloadavg(),
    }


def measure_reads(server, dsn, paths, inspected, profile, rounds) -> list[dict]:
    runs = {}
    systems = list(SYSTEMS)
    for round_number in range(rounds):
        for index, (name, path) in enumerate(paths.items()):
            shift = (round_number + index) % len(systems)
            for system in systems[shift:] + systems[:shift]:
                miss = system == "api_cache_miss"
                queries = inspected[name, "api"]["queries"]
                if miss and inspected[name, system]["queries"] == queries:
                    continue  # not cached: the same as "api"
                url = server.base + SYSTEMS[system] + path
                single = inspected[name, system]["latency_s"]
                if single > SLOW_REQUEST_S and round_number > 0:
                    continue  # slow runs are long and far from the API: measured once
                if single > SLOW_REQUEST_S:
                    # One connection per worker; each request then takes about `loaded` s.
                    connections = server.worker_count
                    loaded = single * connections / (os.cpu_count() or 1)
                    duration = int(min(profile.slow_duration, max(profile.duration, 6 * loaded)))
                    timeout = duration
                else:
                    connections, duration, timeout = profile.connections, profile.duration, 10
                    if round_number == 0:  # warm-up, once: later rounds find the workers warm
                        wrk(url, duration=profile.warmup, connections=connections,
                            timeout=timeout, cache_miss=miss)  # fmt: skip
                        server.wait_idle(dsn)
                with CpuMeter(server) as cpu:
                    result = wrk(
                        url, duration=duration, connections=connections, timeout=timeout,
                        cache_miss=miss,
                    )  # fmt: skip
                served = max(result["requests"], 1)
                result["app_cpu_ms"] = round(cpu.app_seconds / served * 1000, 2)
                result["db_cpu_ms"] = round(cpu.db_seconds / served * 1000, 2)
                result["rss_mb"], result["rss_mb_largest_worker"] = server.rss_mb()
                result["connections"] = connections
                runs.setdefault((name, system), []).append(result)
                log(
                    f"  {name:<19} {system:<16} {result['rps']:>9.1f} req/s"
                    f"  p50 {result['p50_ms']:>8.1f} ms  p99 {result['p99_ms']:>8.1f} ms"
                    f"  errors {result['errors']}  wrk cpu {result['loadgen_cpu_share']:.0%}"
                    f"  cpu/req app {result['app_cpu_ms']:.1f} db {result['db_cpu_ms']:.1f} ms"
                )
                server.wait_idle(dsn)
    return runs


def summarise(runs, inspected, articles) -> list[dict]:
    records = []
    for (name, system), results in runs.items():
        checked = inspected[name, system]
        records.append(
            {
                "scenario": name,
                "system": system,
                "articles": articles,
                "rps": round(statistics.median(r["rps"] for r in results), 2),
                "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
                "p95_ms": round(statistics.median(r["p95_ms"] for r in results), 2),
                "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 2),
                "errors": sum(r["errors"] for r in results),
                "queries_per_request": checked["queries"],
                "redis_commands_per_request": checked["redis_commands"],
                "rss_mb": max(r["rss_mb"] for r in results),
                # CPU per request of the gunicorn workers and of their PostgreSQL backends.
                "app_cpu_ms_per_request": round(
                    statistics.median(r["app_cpu_ms"] for r in results), 2
                ),
                "db_cpu_ms_per_request": round(
                    statistics.median(r["db_cpu_ms"] for r in results), 2
                ),
                "requests": sum(r["requests"] for r in results),
                "rounds": len(results),
                "connections": results[0]["connections"],
                "duration_s": round(sum(r["duration_s"] for r in results), 1),
                "loadgen_cpu_share": round(
                    statistics.median(r["loadgen_cpu_share"] for r in results), 3
                ),
                "machine_cpu_busy": round(
                    statistics.median(r["machine_cpu_busy"] for r in results), 3
                ),
                "same_items_as_api": checked["same_items_as_api"],
                "status": checked["status"],
                "bytes": checked["bytes"],
            }
        )
    return records


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("SIZE", "10000")))
    parser.add_argument("--seed", type=int, default=datagen.DEFAULT_SEED)
    parser.add_argument("--database", default="newsapi_bench")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="server address, without a database name",
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/14",
        help="shared cache for throttling, as production uses; '' for none",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn WEB_CONCURRENCY")
    parser.add_argument("--processes", type=int, default=os.cpu_count(), help="loader streams")
    parser.add_argument("--duration", type=int, help="seconds per measured run")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--reuse", action="store_true", help="keep a database loaded before")
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument(
        "--systems",
        help="comma-separated systems to run (api is always run); at 1M articles the slow "
        "comparison systems take minutes per request",
    )
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-profile", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is needed: apt-get update && apt-get install -y wrk")
    profile = profile_for(args.size)
    overrides = {k: v for k, v in (("duration", args.duration), ("rounds", args.rounds)) if v}
    profile = Profile(**{**asdict(profile), **overrides})
    if args.redis and not redis_answers(args.redis):
        log(f"Redis at {args.redis} does not answer: throttle counters stay in each worker.")
        args.redis = ""
    port = free_port(args.port)
    if port != args.port:
        log(f"Port {args.port} is taken; serving on {port}.")
        args.port = port
    began = time.perf_counter()
    started_at = datetime.now(UTC)
    OUT.mkdir(parents=True, exist_ok=True)
    PROFILES.mkdir(parents=True, exist_ok=True)
    dsn = f"{args.postgres}/{args.database}"
    env = server_env(args, dsn)
    meta = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "bench/run.py", *sys.argv[1:]]),
        "size": args.size,
        "seed": args.seed,
        "profile": asdict(profile),
        "machine": machine(),
        "product": product_revision(),
        "server": {
            "workers": args.workers,
            "worker_class": "sync (gunicorn.conf.py)",
            "settings": "bench.settings = newsapi.settings + the comparison URLs",
            "environment": {
                key: env[key]
                for key in (
                    "NEWSAPI_ENV",
                    "ALLOWED_HOSTS",
                    "SECURE_SSL_REDIRECT",
                    "WEB_CONCURRENCY",
                    "GUNICORN_MAX_REQUESTS",
                    "THROTTLE_ANON",
                    "THROTTLE_USER",
                    "THROTTLE_INGEST",
                    "THROTTLE_GEOPARSE",
                    "REDIS_URL",
                )
                if key in env
            },
        },
    }

    if args.systems:
        for system in set(SYSTEMS) - {"api", *args.systems.split(",")}:
            del SYSTEMS[system]
    log(f"Database {args.database}: size {args.size:,}, seed {args.seed}.")
    must_load = prepare_database(
        args.postgres, args.database, reuse=args.reuse, size=args.size, seed=args.seed
    )
    timings = {}
    step = time.perf_counter()
    manage(env, "migrate", "--noinput")
    timings["migrate_s"] = round(time.perf_counter() - step, 1)
    if must_load:
        step = time.perf_counter()
        log(manage(env, "load_regions").strip())
        timings["load_regions_s"] = round(time.perf_counter() - step, 1)
        log(f"Loading {args.size:,} articles with COPY ({args.processes} streams).")
        meta["loader"] = datagen.load(
            dsn, args.size, seed=args.seed, processes=args.processes, log=log
        )
        log(
            f"Loaded {meta['loader']['rows_total']:,} rows in {meta['loader']['seconds']} s:"
            f" {meta['loader']['rows_per_s']:,} rows/s, {meta['loader']['articles_per_s']:,}"
            " articles/s."
        )
        timings["vacuum_analyze_s"] = round(vacuum_analyze(dsn), 1)
        mark_loaded(dsn, args.size, args.seed)
        log("Where the article COPY time goes (side by side, one stream):")
        meta["trigger"] = datagen.measure_trigger(
            dsn, profile.trigger_sample, seed=args.seed, repeats=3
        )
        log(f"  {meta['trigger']}")
    elif META.exists():
        previous = json.loads(META.read_text())
        if previous.get("size") == args.size and "loader" in previous:
            meta["loader"], meta["trigger"] = previous["loader"], previous.get("trigger")
            meta["loader_from_earlier_run"] = previous.get("started_at")
    meta["setup_timings"] = timings
    meta["dataset"] = dataset_facts(dsn)
    meta["versions"] = versions(dsn)
    token = manage(env, "issue_token", "bench", "--editor").strip().splitlines()[-1]

    article = detail_id(dsn)
    paths = {s.name: s.path.format(detail_id=article) for s in SCENARIOS}
    if args.only:
        paths = {name: paths[name] for name in args.only.split(",")}
    meta["scenarios"] = {
        s.name: {"path": paths[s.name], "title": s.title} for s in SCENARIOS if s.name in paths
    }

    host = f"127.0.0.1:{args.port}"
    setup_django(env)
    log("Queries per request and identical JSON, through the test client:")
    inspected = inspect_scenarios(paths, host)
    for (name, system), found in inspected.items():
        log(
            f"  {name:<19} {system:<16} {found['queries']:>4} queries"
            f" {found['latency_s'] * 1000:>9.1f} ms  same items: {found['same_items_as_api']}"
        )
    explain_api_queries(inspected, dsn, paths)
    meta["inspection"] = {
        f"{name}/{system}": {k: v for k, v in found.items() if k != "sql"}
        for (name, system), found in inspected.items()
    }

    server = Server(env, args.port, OUT / "gunicorn.log")
    records = []
    numbers = CopyNumbers(dsn, args.seed)

    def save():
        meta["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        meta["total_seconds"] = round(time.perf_counter() - began, 1)
        RESULTS.write_text(json.dumps(records, indent=2) + "\n")
        META.write_text(json.dumps(meta, indent=2, default=str) + "\n")
        report.write(records, meta)

    try:
        server.start()
        log(f"gunicorn: master {server.process.pid}, workers {server.workers()}.")
        meta["rss_mb_after_start"] = server.rss_mb()[0]
        log("Reads, side by side:")
        runs = measure_reads(server, dsn, paths, inspected, profile, profile.rounds)
        meta["runs"] = {f"{name}/{system}": results for (name, system), results in runs.items()}
        records += summarise(runs, inspected, meta["dataset"]["articles"])
        save()
        if "list" in paths:
            log("Latency, one client, cache misses:")
            guarded(meta, "latency", lambda: records.extend(
                measure_latency(server, paths, host, profile, meta)
            ))  # fmt: skip
            save()
        if not args.skip_profile:
            log("py-spy on the gunicorn workers under load:")
            guarded(meta, "pyspy", lambda: meta.update(
                pyspy=pyspy_profiles(server, paths, PYSPY_SCENARIOS, profile.duration + 1)
            ))  # fmt: skip
        if not args.skip_ingest:
            guarded(meta, "ingest_bulk", lambda: records.append(
                measure_bulk(server, token, numbers, profile, clients=args.workers)
            ))  # fmt: skip
    finally:
        server.stop()
    if not args.skip_ingest:
        guarded(meta, "ingest_import_articles", lambda: records.append(
            measure_import(env, numbers, profile.import_articles)
        ))  # fmt: skip
    if not args.skip_profile:
        log(f"Profiling the API in process ({profile.profile_requests} requests a scenario).")
        guarded(meta, "profiles", lambda: meta.update(
            profiles=profile_api(paths, host, profile.profile_requests)
        ))  # fmt: skip
        if not args.skip_ingest:
            guarded(meta, "profile_bulk", lambda: meta.update(
                profile_bulk=profile_bulk(numbers, token, host, 20)
            ))  # fmt: skip
            bulk_queries = meta.get("profile_bulk", {}).get("queries_per_article")
            for record in records:
                if record["scenario"] == "ingest_bulk":
                    record["queries_per_request"] = bulk_queries
                    record["queries_per_request_is_per_article"] = True
    save()
    failed = meta.get("failed_steps", {})
    log(f"Done in {meta['total_seconds']} s: {RESULTS.name}, {META.name}, BENCHMARKS.md.")
    if failed:
        log(f"Steps that failed (see {META.name}): {', '.join(failed)}.")
    return 1 if failed else 0


def measure_latency(server, paths, host, profile, meta) -> list[dict]:
    from django.test import Client

    client = Client(HTTP_HOST=host, raise_request_exception=False)
    deep, page = latency.deep_page_path(client, paths["list"])
    meta["deep_page"] = {"page": page, "path": deep}
    records = latency.measure(
        wrk, server.base + SYSTEMS["api"], {**paths, "list_deep": deep},
        duration=profile.duration, articles=meta["dataset"]["articles"],
    )  # fmt: skip
    for record in records:
        log(
            f"  {record['scenario']:<19} p50 {record['p50_ms']:>7.1f} ms"
            f"  p95 {record['p95_ms']:>7.1f} ms  p99 {record['p99_ms']:>7.1f} ms"
        )
    return records


def guarded(meta: dict, step: str, action) -> None:
    """Run one optional step; a failure is recorded and the run goes on."""
    try:
        action()
    except Exception as exc:  # the product may fail here; the other results still count
        log(f"Step {step} failed: {type(exc).__name__}: {exc}")
        meta.setdefault("failed_steps", {})[step] = f"{type(exc).__name__}: {exc}"[:2000]


class CopyNumbers:
    """Raw copy for ingestion, numbered past every article already stored, so each copy is
    new to the database (a duplicate would be answered without parsing or tagging)."""

    def __init__(self, dsn: str, seed: int):
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            self.generator = datagen.Generator(seed, datagen.prepare(conn.cursor()))
            (self.next,) = conn.execute("SELECT max(id) FROM articles_article").fetchone()

    def copies(self, count: int) -> list[str]:
        first, self.next = self.next, self.next + count
        return [self.generator.wire_copy(number) for number in range(first, first + count)]


class DatabaseWaits:
    """Samples, in a thread, what the benchmark database's other sessions are doing: running
    on the CPU, waiting for a lock, for the WAL to be flushed, or for the client."""

    def __init__(self, dsn: str, interval: float = 0.2):
        self.dsn, self.interval = dsn, interval
        self.counts: dict[str, int] = {}
        self.stop = threading.Event()

    def __enter__(self):
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)

    def _sample(self):
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop.wait(self.interval):
                rows = conn.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend'"
                ).fetchall()
                for state, kind, event in rows:
                    if state == "active":
                        key = f"{kind}:{event}" if kind else "running (CPU)"
                    else:
                        key = f"{state}" + (f" ({event})" if event else "")
                    self.counts[key] = self.counts.get(key, 0) + 1

    def shares(self) -> dict[str, float]:
        total = max(sum(self.counts.values()), 1)
        ordered = sorted(self.counts.items(), key=lambda item: -item[1])
        return {key: round(count / total, 3) for key, count in ordered}


def measure_bulk(server, token, numbers: CopyNumbers, profile: Profile, *, clients: int) -> dict:
    log(
        f"Bulk ingestion: up to {profile.bulk_batches} batches of {BULK_BATCH} raw copies,"
        f" {clients} clients, no new batch after {profile.bulk_seconds} s."
    )
    # Each worker builds the gazetteer and the tagger's lexicon on its first ingestion: one
    # single-item request per worker (twice over) first, timed apart as the cold start.
    warm = [
        json.dumps([{"text": text} for text in numbers.copies(1)]).encode()
        for _ in range(2 * server.worker_count)
    ]
    cold = bulk_ingest(server, token, warm, clients=clients, seconds=profile.bulk_seconds)
    log(f"  warm-up, one item per request: {cold}")
    payloads = [
        json.dumps([{"text": text} for text in numbers.copies(BULK_BATCH)]).encode()
        for _ in range(profile.bulk_batches)
    ]
    with DatabaseWaits(server.dsn) as waits:
        bulk = bulk_ingest(server, token, payloads, clients=clients, seconds=profile.bulk_seconds)
    rss = server.rss_mb()
    log(f"  {bulk}")
    log(f"  what the database sessions were doing (share of samples): {waits.shares()}")
    server.wait_idle(server.dsn)
    log(f"One full batch of {FULL_BATCH}, alone:")
    full = bulk_ingest(
        server,
        token,
        [json.dumps([{"text": text} for text in numbers.copies(FULL_BATCH)]).encode()],
        clients=1,
        seconds=1,
    )
    log(f"  {full}")
    return {
        "scenario": "ingest_bulk",
        "system": "api",
        "articles": bulk["created"],
        "articles_per_s": bulk["articles_per_s"],
        "p50_ms": bulk["p50_ms"],
        "p95_ms": bulk["p95_ms"],
        "p99_ms": bulk["p99_ms"],
        "errors": bulk["failed_items"] + bulk["http_errors"],
        "queries_per_request": None,
        "rss_mb": rss[0],
        "batches": bulk["batches"],
        "batch_size": BULK_BATCH,
        "clients": bulk["clients"],
        "seconds": bulk["seconds"],
        "duplicates": bulk["duplicates"],
        "database_sessions": waits.shares(),
        "cold_start": {
            "requests": cold["batches"],
            "slowest_ms": cold["p99_ms"] if cold["batches"] > 1 else cold["p50_ms"],
            "median_ms": cold["p50_ms"],
        },
        "full_batch": {
            "items": FULL_BATCH,
            "http_status_ok": full["http_errors"] == 0,
            "created": full["created"],
            "seconds": full["seconds"],
        },
    }


def measure_import(env: dict, numbers: CopyNumbers, count: int) -> dict:
    log(f"import_articles: {count} raw copies in one .jsonl file.")
    imported = import_command(env, numbers.copies(count))
    log(f"  {imported}")
    return {
        "scenario": "ingest_import_articles",
        "system": "api",
        "articles": imported["created"],
        "articles_per_s": imported["articles_per_s"],
        "articles_per_s_without_startup": imported["articles_per_s_without_startup"],
        "p50_ms": None,
        "p95_ms": None,
        "p99_ms": None,
        "errors": count - imported["created"],
        "queries_per_request": None,
        "rss_mb": None,
        "seconds": imported["seconds"],
        "startup_seconds": imported["startup_seconds"],
    }


if __name__ == "__main__":
    sys.exit(main())
