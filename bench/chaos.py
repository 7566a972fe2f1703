"""Chaos: PostgreSQL stops under load and comes back; the API must degrade and recover.

    .venv/bin/python bench/chaos.py [--before 10] [--down 10] [--after 20] [--connections 16]

The server starts as in bench/soak.py (gunicorn as the container starts it, a fresh
database in the throwaway cluster on 127.0.0.1:5433, Redis database 3). Under a steady
read and write load (the soak's mix; every write carries an Idempotency-Key), the
cluster is stopped (`pg_ctlcluster ... stop -m fast`), left down for `--down` seconds,
started again, and the load goes on for `--after` seconds. A probe asks /readyz twice a
second throughout.

Checked: every answer while the database is down is a fast 503 problem+json with
Retry-After (or a 2xx served from the shared cache); /readyz goes unavailable, then ok;
no gunicorn worker restarts (PIDs before and after, and the log); how soon after the
database is back the first 2xx that needs it arrives, and whether errors go on after.
Every write that failed (5xx or no answer) is retried once afterwards with the same
Idempotency-Key, as a client would. A 500 is a finding: its body and the server log lines
of its request are kept. Writes bench/chaos.json and the chaos section of RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shlex
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.soak import (  # noqa: E402  (the path is set just above)
    BENCH,
    HOST,
    INTENDED,
    READS,
    REQUEST_TIMEOUT_S,
    WRITES,
    CpuMeter,
    Pools,
    Recorder,
    counts,
    fetch,
    fmt,
    join_clients,
    latency_summary,
    loadavg,
    machine_info,
    percentile,
    revision,
    revision_line,
    setup,
    slashed,
    start_clients,
    status_counts,
    table,
    warm_up,
    write_section,
)

# Kinds whose 2xx needs the database; lists, regions and sources may come from the cache.
NEEDS_DATABASE = {"detail", "create", "patch", "ingest"}


class ReadinessProbe(threading.Thread):
    """GET /readyz every `every` seconds until stopped or `limit` probes are made."""

    def __init__(self, base: str, t0: float, every: float, limit: int):
        super().__init__(name="readyz", daemon=True)
        self.base, self.t0, self.every, self.limit = base, t0, every, limit
        self.results: list[dict] = []
        self.stop_event = threading.Event()

    def run(self):
        while len(self.results) < self.limit and not self.stop_event.is_set():
            start = time.monotonic()
            try:
                status, _, body = fetch(self.base + "/readyz", timeout=10)
                state = json.loads(body).get("status")
            except (OSError, ValueError, http.client.HTTPException) as exc:
                status, state = 0, type(exc).__name__
            end = time.monotonic()
            self.results.append({
                "t_s": round(start - self.t0, 2), "status": status, "state": state,
                "latency_ms": round((end - start) * 1000, 1),
            })  # fmt: skip
            self.stop_event.wait(max(self.every - (end - start), 0.05))


def phase(record, events) -> str:
    start, end = record[0], record[1]
    if end < events["stop_begin"]:
        return "before"
    if start >= events["stop_done"] and end <= events["start_begin"]:
        return "down"
    if start >= events["start_done"]:
        return "after"
    return "transition"


def per_second(records, probes, events, seconds: int) -> list[dict]:
    rows = []
    for second in range(seconds + 1):
        rs = [r for r in records if second <= r[1] < second + 1]  # by completion
        ready = [p for p in probes if second <= p["t_s"] < second + 1]
        lat = [r[4] for r in rs]
        if events["start_done"] <= second:
            state = "after"
        elif events["stop_done"] <= second < events["start_begin"]:
            state = "down"
        elif second + 1 <= events["stop_begin"]:
            state = "before"
        else:
            state = "stopping" if second < events["stop_done"] else "starting"
        rows.append({
            "t_s": second,
            "database": state,
            "requests": len(rs),
            "statuses": status_counts(rs),
            "p50_ms": round(percentile(lat, 50), 1) if lat else None,
            "p95_ms": round(percentile(lat, 95), 1) if lat else None,
            "max_ms": round(max(lat), 1) if lat else None,
            "readyz": [p["status"] for p in ready],
        })  # fmt: skip
    return rows


def send_again(base: str, method: str, path: str, headers: dict, body) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, int(base.rsplit(":", 1)[1]), timeout=REQUEST_TIMEOUT_S)
    headers = {**headers, "X-Request-ID": f"retry{uuid.uuid4().hex[:24]}"}
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as exc:
        return 0, repr(exc).encode()
    finally:
        conn.close()


def retry_failed_writes(base: str, server, writes: list[tuple], limit: int, pause: float) -> dict:
    """Send each failed write once more, same body and Idempotency-Key, as a client would;
    those refused are sent a third time after `pause` seconds, to see whether it lasts."""
    outcomes, refused, samples = Counter(), [], []
    for kind, method, path, headers, body, first_status in writes[:limit]:
        status, data = send_again(base, method, path, headers, body)
        outcomes[f"{kind} {first_status} -> {status}"] += 1
        if status not in (200, 201):
            refused.append((kind, method, path, headers, body, first_status, status, data))
    if refused:
        time.sleep(pause)
    later = Counter()
    for kind, method, path, headers, body, first_status, status, data in refused[:20]:
        again, _ = send_again(base, method, path, headers, body)
        later[f"{kind} {status} -> {again}"] += 1
        if len(samples) < 5:
            samples.append({
                "request": f"{method} {path}", "first_status": first_status,
                "retry_status": status, f"status_{pause:.0f}_s_later": again,
                "idempotency_key": headers.get("Idempotency-Key"),
                "first_request_id": headers.get("X-Request-ID"),
                "retry_body": data[:500].decode(errors="replace"),
                "server_log_of_first_attempt": server.lines_with(headers.get("X-Request-ID", "?")),
            })  # fmt: skip
    return {
        "retried": min(len(writes), limit),
        "outcomes": dict(outcomes),
        "refused": len(refused),
        f"refused_again_{pause:.0f}_s_later": dict(later),
        "samples": samples,
    }


def first_after(records, since: float, kinds=None):
    times = [
        r[1] - since
        for r in records
        if 200 <= r[3] < 300 and r[1] >= since and (kinds is None or r[2] in kinds)
    ]
    return round(min(times), 2) if times else None


def in_django_503(records, server) -> dict:
    """The time Django spent on each 503 (access log, joined on X-Request-ID): without the
    wait for a free worker that the client's latency includes."""
    times = server.access_durations()
    return latency_summary([
        times[r[6]][1] for r in records if r[3] == 503 and r[6] in times and times[r[6]][1]
    ])  # fmt: skip


def analyse(records, probes, events, recorder, server, retries) -> dict:
    phases = {name: [r for r in records if phase(r, events) == name]
              for name in ("before", "transition", "down", "after")}  # fmt: skip
    all_503 = [r for r in records if r[3] == 503]
    bad_503 = [r for r in all_503 if r[5] != "ok"]
    down = phases["down"]
    # Anything but 2xx, 304 or (while the database is down or stopping) 503 is a finding.
    expected_while_down = {503}
    findings = [
        r for r in records
        if not (200 <= r[3] < 300 or r[3] in INTENDED)
        and not (r[3] in expected_while_down and phase(r, events) in ("down", "transition"))
    ]  # fmt: skip
    errors_500 = []
    for key, items in recorder.samples.items():
        if key[0] == 500 or (isinstance(key[0], int) and key[0] >= 500 and key[0] != 503):
            for item in items:
                item = dict(item)
                item["server_log"] = server.lines_with(item["request_id"])
                errors_500.append(item)
    since_start = events["start_done"]
    after = phases["after"]
    after_bad = [r for r in after if not (200 <= r[3] < 300 or r[3] in INTENDED)]
    ready_down = [p for p in probes if p["t_s"] >= events["stop_begin"] and p["status"] != 200]
    ready_up = [p for p in probes if p["t_s"] >= events["start_begin"] and p["status"] == 200]
    ready_states_down = Counter(
        f"{p['status']} {p['state']}" for p in probes
        if events["stop_done"] <= p["t_s"] < events["start_begin"]
    )  # fmt: skip
    return {
        "requests": len(records),
        "statuses": status_counts(records),
        "by_phase": {
            name: {
                "requests": len(rs),
                "statuses": status_counts(rs),
                **latency_summary([r[4] for r in rs]),
            }
            for name, rs in phases.items()
        },
        "down_by_kind": {
            kind: status_counts([r for r in down if r[2] == kind])
            for kind in [*READS, *WRITES]
            if any(r[2] == kind for r in down)
        },
        "answers_503": {
            "count": len(all_503),
            "problem_json_with_retry_after": len(all_503) - len(bad_503),
            "not_conforming": len(bad_503),
            "not_conforming_notes": dict(Counter(r[5] for r in bad_503)),
            **latency_summary([r[4] for r in all_503]),
        },
        "answers_503_while_down": latency_summary([r[4] for r in down if r[3] == 503]),
        "answers_503_in_django_ms": in_django_503(records, server),
        "no_answer": sum(r[3] == 0 for r in records),
        "findings": {
            "count": len(findings),
            "statuses": status_counts(findings),
            "by_phase": dict(Counter(phase(r, events) for r in findings)),
        },
        "errors_5xx_other_than_503": errors_500,
        "recovery": {
            "first_2xx_needing_database_after_start_returned_s": first_after(
                records, since_start, NEEDS_DATABASE
            ),
            "first_2xx_needing_database_after_start_command_s": first_after(
                records, events["start_begin"], NEEDS_DATABASE
            ),
            "first_write_2xx_after_start_returned_s": first_after(records, since_start, WRITES),
            "first_2xx_any_after_start_returned_s": first_after(records, since_start),
            "non_2xx_among_requests_started_after_start_returned": len(after_bad),
            "their_statuses": status_counts(after_bad),
            "last_of_them_ended_s_after_start_returned": round(
                max(r[1] for r in after_bad) - since_start, 2
            )
            if after_bad
            else None,
        },
        "readyz": {
            "probes": len(probes),
            "first_not_ok_after_stop_began_s": round(ready_down[0]["t_s"] - events["stop_begin"], 2)
            if ready_down
            else None,
            "answers_while_down": dict(ready_states_down),
            "first_ok_after_start_command_s": round(ready_up[0]["t_s"] - events["start_begin"], 2)
            if ready_up
            else None,
            "first_ok_after_start_returned_s": round(ready_up[0]["t_s"] - since_start, 2)
            if ready_up
            else None,
            "latency_while_down": latency_summary(
                [
                    p["latency_ms"]
                    for p in probes
                    if events["stop_done"] <= p["t_s"] < events["start_begin"]
                ]
            ),
        },
        "retried_writes": retries,
        "unexpected_samples": {f"{k[0]} {k[1]}": v for k, v in recorder.samples.items()},
    }


def chaos_markdown(result: dict) -> str:
    a, ev, cfg = result["analysis"], result["events"], result["config"]
    m = result["machine"]
    rec, ready, s503 = a["recovery"], a["readyz"], a["answers_503"]
    down503 = a["answers_503_while_down"]
    retried = a["retried_writes"]
    dj503 = a.get("answers_503_in_django_ms", {})
    figures = table([
        ("requests (all phases)", fmt(a["requests"])),
        ("status codes", counts(a["statuses"])),
        ("database stop: began / returned at, s",
         slashed(ev["stop_begin"], ev["stop_done"], digits=2)),
        ("database start: began / returned at, s",
         slashed(ev["start_begin"], ev["start_done"], digits=2)),
        ("answers while down (requests started after the stop returned, ended before the "
         "start began)", counts(a["by_phase"]["down"]["statuses"])),
        ("503s: all / problem+json with Retry-After / not conforming",
         slashed(s503["count"], s503["problem_json_with_retry_after"], s503["not_conforming"])),
        ("503 latency at the client while down, p50 / p95 / max, ms",
         slashed(down503.get("p50_ms"), down503.get("p95_ms"), down503.get("max_ms"))),
        ("503s' time in Django (access log), p50 / p95 / max, ms",
         slashed(dj503.get("p50_ms"), dj503.get("p95_ms"), dj503.get("max_ms"))),
        ("/readyz while down", counts(ready["answers_while_down"])),
        ("/readyz first not-ok after the stop began, s", ready["first_not_ok_after_stop_began_s"]),
        ("/readyz first ok after the start began / returned, s",
         slashed(ready["first_ok_after_start_command_s"],
                 ready["first_ok_after_start_returned_s"], digits=2)),
        ("first 2xx needing the database (detail or write) after the start began / "
         "returned, s",
         slashed(rec["first_2xx_needing_database_after_start_command_s"],
                 rec["first_2xx_needing_database_after_start_returned_s"], digits=2)),
        ("first write 2xx after the start returned, s",
         rec["first_write_2xx_after_start_returned_s"]),
        ("non-2xx among requests started after the start returned",
         f"{rec['non_2xx_among_requests_started_after_start_returned']} "
         f"{counts(rec['their_statuses'])}"),
        ("500s and other 5xx but 503", len(a["errors_5xx_other_than_503"])),
        ("findings (not 2xx/304, nor 503 while down or in transition)",
         f"**{a['findings']['count']}** {counts(a['findings']['statuses'])}"),
        ("worker PIDs before = after; restarts / timeouts in the log",
         f"{result['workers']['unchanged']} ({result['workers']['before']}); "
         f"{result['server_log']['worker_restarts']} / {result['server_log']['worker_timeouts']}"),
        ("failed writes retried with the same Idempotency-Key, after the run",
         f"{retried['retried']}: {counts(retried['outcomes'])}"),
        ("those refused, sent again 10 s later",
         counts(retried["refused_again_10_s_later"]) or "none was refused"),
        ("load generator share of the machine",
         f"{result['cpu']['load_generator_share_of_machine']:.1%}"),
    ])  # fmt: skip
    rows = "\n".join(
        f"| {r['t_s']} | {r['database']} | {r['requests']} | {counts(r['statuses'])} | "
        f"{slashed(r['p50_ms'], r['p95_ms'], r['max_ms'])} | "
        f"{' '.join(str(s) for s in r['readyz'])} |"
        for r in result["per_second"]
        if r["requests"] or r["readyz"]
    )
    load = result["load_average"]
    return f"""## Database restart (chaos)

Run {result["started_at"]}: `{result["command"]}`. Code: {revision_line(result)}.
Machine: {m["nproc"]} cores, {fmt(m["memory_total_mib"])} MiB memory, shared with other
jobs; load average (1 min) {load[0]} before and {load[1]} after the run.
gunicorn with {cfg["web_concurrency"]} sync workers; {cfg["connections"]} client
connections with the soak's mix (writes with an Idempotency-Key); PostgreSQL
(`pg_ctlcluster {result["cluster"]} stop -m fast`) stopped after {cfg["before_s"]:.0f} s, left
down {cfg["down_s"]:.0f} s, started again, then {cfg["after_s"]:.0f} s more. Times are
seconds from the start of the load.

{figures}

Per second (by completion; latency at the client, closed loop, so queueing for a worker
is included; /readyz: the probe's answers in that second):

| t (s) | database | requests | status codes | p50 / p95 / max ms | /readyz |
|--:|---|--:|---|--:|---|
{rows}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=float, default=10, help="seconds of load first (10)")
    parser.add_argument("--down", type=float, default=10, help="seconds the database is down")
    parser.add_argument("--after", type=float, default=20, help="seconds after its return (20)")
    parser.add_argument("--connections", type=int, default=16, help="client connections (16)")
    parser.add_argument("--workers", type=int, default=4, help="WEB_CONCURRENCY (4)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of warm-up (10)")
    parser.add_argument("--probe-every", type=float, default=0.5, help="/readyz period, s")
    parser.add_argument("--seed", default="chaos")
    parser.add_argument("--cluster", default="chaos", help="throwaway cluster name (chaos)")
    parser.add_argument("--port", type=int, default=5433, help="its port (5433)")
    parser.add_argument("--database", default="newsapi_soak")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--keep-cluster", action="store_true", help="do not drop a cluster we made")
    parser.add_argument("--output", type=Path, default=BENCH / "chaos.json")
    parser.add_argument("--no-report", action="store_true", help="leave RELIABILITY.md alone")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite the RELIABILITY.md section from --output")  # fmt: skip
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render:
        write_section("chaos", chaos_markdown(json.loads(args.output.read_text())))
        return 0
    given = argv if argv is not None else sys.argv[1:]
    command = shlex.join([".venv/bin/python", "bench/chaos.py", *given])
    run_id = uuid.uuid4().hex[:8]
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    machine, code = machine_info(), revision()
    total = args.before + args.down + args.after
    cluster, server, prepared = setup(args, "chaos")
    print(f"server {server.base}, log {server.log_path}", flush=True)
    events: dict[str, float] = {}
    database_down = False
    try:
        pools = Pools()
        pools.prime(server.base)
        warmup = warm_up(args, server, pools, run_id)
        print(f"warm-up: {warmup}", flush=True)
        workers_before = server.workers()
        t0 = time.monotonic()
        recorder = Recorder(t0)
        probe = ReadinessProbe(
            server.base, t0, args.probe_every, int(total / args.probe_every) + 200
        )
        meter = CpuMeter(server, cluster)
        meter.start()
        stop = threading.Event()
        # The deadline is a bound only: the clients are stopped once the schedule is done.
        deadline = t0 + total + 120
        probe.start()
        clients = start_clients(
            args.connections, server.base, server.token, pools, recorder, deadline,
            int(total * 1000), args.seed, run_id, stop=stop, idempotency=True,
        )  # fmt: skip
        time.sleep(args.before)
        events["stop_begin"] = time.monotonic() - t0
        database_down = True
        cluster.stop()
        events["stop_done"] = time.monotonic() - t0
        print(f"database stopped at {events['stop_done']:.1f} s", flush=True)
        time.sleep(args.down)
        events["start_begin"] = time.monotonic() - t0
        cluster.start()
        database_down = False
        events["start_done"] = time.monotonic() - t0
        print(f"database started at {events['start_done']:.1f} s", flush=True)
        time.sleep(args.after)
        stop.set()
        events["load_stopped"] = time.monotonic() - t0
        stuck = join_clients(clients, time.monotonic())
        probe.stop_event.set()
        probe.join(timeout=15)
        cpu = meter.stop()
        workers_after = server.workers()
        retries = retry_failed_writes(server.base, server, recorder.failed_writes, 200, 10)
        load_after = loadavg()
    finally:
        if database_down:
            cluster.start()
        server.stop()
    log = server.log_summary(len(workers_before))
    analysis = analyse(recorder.records, probe.results, events, recorder, server, retries)
    postgres_version = cluster.server_version()
    cluster.restore(args.keep_cluster)
    result = {
        "kind": "chaos",
        "revision": code,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": machine,
        "postgres_version": postgres_version,
        "cluster": f"{cluster.version} {cluster.name}",
        "load_average": [machine["load_average_at_start"][0], load_after[0]],
        "config": {
            "before_s": args.before,
            "down_s": args.down,
            "after_s": args.after,
            "connections": args.connections,
            "web_concurrency": args.workers,
            "warmup_s": args.warmup,
            "probe_every_s": args.probe_every,
            "mix": {**READS, **WRITES},
            "idempotency_keys_on_writes": True,
            "request_timeout_s": REQUEST_TIMEOUT_S,
        },
        "prepare": prepared,
        "warmup": warmup,
        "events": {name: round(value, 2) for name, value in events.items()},
        "workers": {
            "before": workers_before,
            "after": workers_after,
            "unchanged": workers_before == workers_after,
        },
        "clients_still_running_at_end": stuck,
        "cpu": cpu,
        "server_log": log,
        "analysis": analysis,
        "per_second": per_second(
            recorder.records, probe.results, events, int(events["load_stopped"]) + 1
        ),
        "readyz_probes": probe.results,
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    if not args.no_report:
        write_section("chaos", chaos_markdown(result))
    brief = {
        key: analysis[key]
        for key in ("statuses", "answers_503", "findings", "recovery", "readyz", "retried_writes")
    }
    brief["workers_unchanged"] = result["workers"]["unchanged"]
    print(json.dumps(brief, indent=1))
    return 1 if analysis["findings"]["count"] or not result["workers"]["unchanged"] else 0


if __name__ == "__main__":
    sys.exit(main())
