"""BENCHMARKS.md from bench/results.json and bench/results.meta.json.

    .venv/bin/python bench/report.py     # re-render without measuring again

The hand-written analysis lives in bench/findings.md and is included as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TARGET = ROOT / "BENCHMARKS.md"
FINDINGS = BENCH / "findings.md"

SYSTEM_NAMES = {
    "api": "api",
    "api_cache_miss": "api_cache_miss",
    "baseline": "baseline",
    "drf_by_the_book": "drf_by_the_book",
    "ceiling": "ceiling",
}

# Where profiled time is spent, by the file of the innermost Python frame; first match wins.
CATEGORIES = [
    ("database: psycopg and waiting on PostgreSQL", "/psycopg/ /psycopg_binary/"),
    ("JSON columns decoded (json.loads)", "/json/ django/db/models/fields/json.py"),
    ("Django ORM: compiling SQL, building model instances", "/django/db/ django_prometheus/db"),
    (
        "DRF serializers and fields",
        "/rest_framework/serializers.py /rest_framework/fields.py /rest_framework/relations.py"
        " /rest_framework/utils/serializer_helpers.py articles/serializers/",
    ),
    (
        "URL reversing for hyperlinks",
        "/django/urls/ /rest_framework/reverse.py asgiref/local.py urllib/parse.py",
    ),
    ("JSON rendering", "orjson drf_orjson_renderer"),
    (
        "filters, forms and pagination",
        "django_filters /django/forms/ /rest_framework/pagination.py articles/filters.py"
        " articles/pagination.py",
    ),
    (
        "middleware, logging and metrics",
        "/django/middleware/ django_prometheus prometheus_client corsheaders whitenoise"
        " /logging/ newsapi/observability pythonjsonlogger articles/throttling.py"
        " /rest_framework/throttling.py /django/core/cache/ /redis/",
    ),
    ("ingestion: parsing, language, tagging", "articles/ingestion/ py3langid ahocorasick"),
    ("the test client (not part of serving)", "/django/test/"),
    ("gunicorn: waiting for and reading requests", "/gunicorn/"),
]
OTHER = "other: request handling, views, Python"


def _category(path: str) -> str:
    for name, markers in CATEGORIES:
        if any(marker in path for marker in markers.split()):
            return name
    return OTHER


def categorise(root, requests: int) -> dict:
    """Milliseconds per request by category, from a pyinstrument frame tree."""
    totals: dict[str, float] = {}
    if root is None:
        return {"total_ms_per_request": 0.0, "ms_per_request": {}}
    stack = [(root, root.file_path or "")]
    while stack:
        frame, inherited = stack.pop()
        own = frame.file_path or ""
        # Self time and C functions (`<built-in>`) count for the Python code that called them.
        path = inherited if frame.is_synthetic or own.startswith("<") or not own else own
        if not frame.children:
            category = _category(path)
            totals[category] = totals.get(category, 0.0) + frame.time
        stack.extend((child, path) for child in frame.children)
    scale = 1000 / max(requests, 1)
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return {
        "total_ms_per_request": round(root.time * scale, 2),
        "ms_per_request": {name: round(seconds * scale, 2) for name, seconds in ordered},
        "steps_ms_per_request": hotspots(root, requests),
    }


def _leaf_path(frames) -> str:
    """The file of the innermost Python frame of a py-spy stack ("function (path:line)")."""
    for frame in reversed(frames):
        if frame.endswith(")") and " (" in frame:
            return frame.rsplit(" (", 1)[1].rsplit(":", 1)[0]
    return ""


def categorise_stacks(stacks: dict) -> dict:
    """Shares of samples by category, from py-spy's collapsed stacks."""
    totals: dict[str, int] = {}
    for frames, count in stacks.items():
        category = _category(_leaf_path(frames))
        totals[category] = totals.get(category, 0) + count
    samples = sum(totals.values())
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return {
        "samples": samples,
        "share": {name: round(count / max(samples, 1), 3) for name, count in ordered},
    }


def top_leaves_text(stacks: dict, name: str, limit: int = 40) -> str:
    """The innermost frames where most samples fell, with their share."""
    leaves: dict[str, int] = {}
    for frames, count in stacks.items():
        leaf = next((f for f in reversed(frames) if " (" in f), frames[-1])
        leaves[leaf] = leaves.get(leaf, 0) + count
    samples = max(sum(leaves.values()), 1)
    lines = [
        f"py-spy, API scenario {name}: {samples:,} CPU samples over every worker.",
        "",
    ]
    for leaf, count in sorted(leaves.items(), key=lambda item: -item[1])[:limit]:
        lines.append(f"{count / samples:6.1%}  {leaf.split('site-packages/')[-1]}")
    return "\n".join(lines) + "\n"


# Named steps of a DRF request, found in a frame tree by function and file.
HOTSPOTS = [
    ("throttles", "check_throttles", "rest_framework/views.py"),
    ("filter backend (filter_queryset)", "filter_queryset", "rest_framework/generics.py"),
    ("pagination and the page's SQL (paginate_queryset)", "paginate_queryset", "generics.py"),
    ("get_object (detail's SQL)", "get_object", "rest_framework/generics.py"),
    ("serializer .data", "data", "rest_framework/serializers.py"),
    ("rendering (render)", "render", "drf_orjson_renderer/renderers.py"),
]


def hotspots(root, requests: int) -> dict:
    """Milliseconds per request inside each named step (outermost calls only)."""
    found = {label: 0.0 for label, _, _ in HOTSPOTS}
    if root is None:
        return found
    stack = [(root, frozenset())]
    while stack:
        frame, inside = stack.pop()
        for label, function, suffix in HOTSPOTS:
            path = frame.file_path or ""
            if label not in inside and frame.function == function and path.endswith(suffix):
                found[label] += frame.time
                inside = inside | {label}
        stack.extend((child, inside) for child in frame.children)
    scale = 1000 / max(requests, 1)
    return {label: round(seconds * scale, 2) for label, seconds in found.items()}


# --- rendering -----------------------------------------------------------------------------


def _number(value, digits=1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float) and value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def _ratio(a, b) -> str:
    if a is None or b is None:
        return "n/a"
    if b <= 0:
        return "inf (none completed)" if a > 0 else "n/a"
    return f"{a / b:.2f}x" if a / b < 10 else f"{a / b:.1f}x"


def _index(records):
    return {(r["scenario"], r["system"]): r for r in records}


def _api_record(by, name, api_system):
    """The API's record for a scenario; a cache-miss run falls back to the plain one where
    the scenario is not cached (then both are the same)."""
    return by.get((name, api_system)) or by.get((name, "api"))


def _reads_table(records, meta, api_system) -> list[str]:
    by = _index(records)
    lines = [
        "| scenario | api req/s | baseline | drf_by_the_book | ceiling | api/baseline "
        "| api/drf_by_the_book | api/ceiling | queries api / baseline / by the book "
        "| api p50 / p99 ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name in meta.get("scenarios", {}):
        api = _api_record(by, name, api_system)
        if api is None:
            continue
        rps = {system: by.get((name, system), {}).get("rps") for system in SYSTEM_NAMES}
        rps["api"] = api["rps"]
        queries = " / ".join(
            str(record.get("queries_per_request", "n/a"))
            for record in (
                api,
                by.get((name, "baseline"), {}),
                by.get((name, "drf_by_the_book"), {}),
            )
        )
        cached = by.get((name, "api_cache_miss")) is not None
        label = name if cached or api_system == "api" else f"{name} (not cached)"
        lines.append(
            f"| {label} | {_number(rps['api'])} | {_number(rps['baseline'])} "
            f"| {_number(rps['drf_by_the_book'])} | {_number(rps['ceiling'])} "
            f"| {_ratio(rps['api'], rps['baseline'])} "
            f"| {_ratio(rps['api'], rps['drf_by_the_book'])} "
            f"| {_ratio(rps['api'], rps['ceiling'])} | {queries} "
            f"| {_number(api['p50_ms'])} / {_number(api['p99_ms'])} |"
        )
    return lines


def _cpu(record) -> float | None:
    if not record or record.get("app_cpu_ms_per_request") is None:
        return None
    return record["app_cpu_ms_per_request"] + record.get("db_cpu_ms_per_request", 0.0)


def _cpu_table(records, meta) -> list[str]:
    by = _index(records)
    lines = [
        "| scenario | api (as served) | api (cache miss) | baseline | drf_by_the_book | ceiling "
        "| baseline / api miss | drf_by_the_book / api miss | api miss / ceiling |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name in meta.get("scenarios", {}):
        cpu = {system: _cpu(by.get((name, system))) for system in SYSTEM_NAMES}
        miss = cpu["api_cache_miss"] if cpu["api_cache_miss"] is not None else cpu["api"]
        if miss is None:
            continue
        lines.append(
            f"| {name} | {_number(cpu['api'], 1)} | {_number(miss, 1)} "
            f"| {_number(cpu['baseline'], 1)} | {_number(cpu['drf_by_the_book'], 1)} "
            f"| {_number(cpu['ceiling'], 1)} | {_ratio(cpu['baseline'], miss)} "
            f"| {_ratio(cpu['drf_by_the_book'], miss)} | {_ratio(miss, cpu['ceiling'])} |"
        )
    return lines


def _all_runs_table(records, meta) -> list[str]:
    lines = [
        "| scenario | system | req/s | p50 ms | p95 ms | p99 ms | errors | requests "
        "| connections | queries/req | Redis cmds/req | CPU ms/req app + db "
        "| workers' RSS MiB | wrk CPU share | machine busy | same items as api |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    order = list(meta.get("scenarios", {}))
    reads = [r for r in records if r["scenario"] in order and r["system"] in SYSTEM_NAMES]
    reads.sort(key=lambda r: (order.index(r["scenario"]), list(SYSTEM_NAMES).index(r["system"])))
    for r in reads:
        lines.append(
            f"| {r['scenario']} | {r['system']} | {_number(r['rps'])} | {_number(r['p50_ms'])} "
            f"| {_number(r['p95_ms'])} | {_number(r['p99_ms'])} | {r['errors']} "
            f"| {r['requests']:,} | {r['connections']} | {r['queries_per_request']} "
            f"| {r.get('redis_commands_per_request', 'n/a')} "
            f"| {_number(r.get('app_cpu_ms_per_request'))} + "
            f"{_number(r.get('db_cpu_ms_per_request'))} "
            f"| {_number(r['rss_mb'])} | {r['loadgen_cpu_share']:.0%} "
            f"| {r['machine_cpu_busy']:.0%} | {'yes' if r['same_items_as_api'] else 'no'} |"
        )
    return lines


def _targets(records, meta) -> list[str]:
    by = _index(records)
    rows = []

    def check(label, measured, target, met):
        verdict = "n/a" if met is None else ("met" if met else "**not met**")
        rows.append(f"| {label} | {measured} | {target} | {verdict} |")

    base = by.get(("list", "baseline"), {}).get("rps")
    book = by.get(("list", "drf_by_the_book"), {}).get("rps")
    for system, how in (("api_cache_miss", "cache misses"), ("api", "as served, cache hits")):
        api = by.get(("list", system), {}).get("rps")
        if api and base:
            check(
                f"list req/s, api ({how}) / baseline", _ratio(api, base), ">= 10x", api / base >= 10
            )
        if api and book:
            met = api / book >= 4
            check(f"list req/s, api ({how}) / drf_by_the_book", _ratio(api, book), ">= 4x", met)
    miss_cpu = _cpu(by.get(("list", "api_cache_miss")))
    for other, wanted in (("baseline", 10), ("drf_by_the_book", 4)):
        other_cpu = _cpu(by.get(("list", other)))
        if miss_cpu and other_cpu:
            check(
                f"list CPU per request, {other} / api (cache misses); the same target read "
                "as CPU, less noisy",
                _ratio(other_cpu, miss_cpu),
                f">= {wanted}x",
                other_cpu / miss_cpu >= wanted,
            )
    for system, how in (("api_cache_miss", "cache miss"), ("api", "cache hit")):
        queries = by.get(("list", system), {}).get("queries_per_request")
        if queries is not None:
            check(f"queries per list request (api, {how})", str(queries), "<= 3", queries <= 3)
    ceiling = by.get(("list", "ceiling"), {}).get("rps")
    cached = by.get(("list", "api"), {}).get("rps")
    if ceiling and cached:
        check(
            "list req/s, api (cache hits) / ceiling",
            _ratio(cached, ceiling),
            ">= 0.70x",
            cached / ceiling >= 0.7,
        )
    rows.extend(_latency_targets(by, meta))
    bulk = by.get(("ingest_bulk", "api"), {}).get("articles_per_s")
    if bulk is not None:
        check("bulk ingestion, articles/s", _number(bulk), ">= 2,000", bulk >= 2000)
    loader = meta.get("loader")
    if loader:
        check(
            "loader rows/s (all tables, indexes and trigger live)",
            f"{loader['rows_per_s']:,}",
            ">= 50,000",
            loader["rows_per_s"] >= 50_000,
        )
    return ["| target | measured | wanted | verdict |", "|---|--:|--:|---|", *rows]


LATENCY = "api_one_client"
# (scenario, percentile, at most ms) for the archive-size targets.
LATENCY_TARGETS = [
    ("search_common", "p50_ms", 20), ("search_common", "p99_ms", 100),
    ("search_rare", "p50_ms", 20), ("search_rare", "p99_ms", 100),
    ("search_region_date", "p50_ms", 20), ("search_region_date", "p99_ms", 100),
    ("list_region", "p95_ms", 30),
]  # fmt: skip


def _latency_targets(by, meta) -> list[str]:
    """One client's latencies; the targets are set for 1M articles, so at a smaller size
    they are shown but not judged."""
    articles = meta.get("dataset", {}).get("articles", 0)
    judged = articles >= 1_000_000
    rows = []

    def row(label, measured, wanted, met):
        verdict = ("met" if met else "**not met**") if judged else "shown (target is at 1M)"
        rows.append(f"| {label} | {measured} | {wanted} | {verdict} |")

    for name, percentile, limit in LATENCY_TARGETS:
        record = by.get((name, LATENCY))
        if record:
            value = record[percentile]
            label = f"{name} {percentile.removesuffix('_ms')}, one client, ms"
            row(label, _number(value), f"<= {limit}", value <= limit)
    first, deep = by.get(("list", LATENCY)), by.get(("list_deep", LATENCY))
    if first and deep:
        page = meta.get("deep_page", {}).get("page", "?")
        row(
            f"page {page} p50 / page 1 p50, one client",
            _ratio(deep["p50_ms"], first["p50_ms"]),
            "<= 1.5x",
            deep["p50_ms"] <= 1.5 * first["p50_ms"],
        )
    return rows


def _latency_table(records, meta) -> list[str]:
    rows = [r for r in records if r["system"] == LATENCY]
    if not rows:
        return []
    page = meta.get("deep_page", {}).get("page", "?")
    lines = [
        "## Latency: one client, every request a cache miss",
        "",
        "One connection, so a request never waits behind another: the time the API takes "
        f"for it. `list_deep` is page {page} of the first list, reached by following `next` "
        "links.",
        "",
        "| scenario | p50 ms | p95 ms | p99 ms | requests | errors |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scenario']} | {_number(r['p50_ms'])} | {_number(r['p95_ms'])} "
            f"| {_number(r['p99_ms'])} | {r['requests']:,} | {r['errors']} |"
        )
    return [*lines, ""]


def _ingestion(records) -> list[str]:
    by = _index(records)
    lines = []
    bulk = by.get(("ingest_bulk", "api"))
    if bulk:
        lines.append(
            f"- **Bulk endpoint** (`POST /api/v1/articles/bulk/`, batches of "
            f"{bulk['batch_size']} raw copies, {bulk['clients']} concurrent clients): "
            f"**{_number(bulk['articles_per_s'])} articles/s** ({bulk['articles']:,} created "
            f"in {bulk['seconds']} s over {bulk['batches']} batches; batch latency p50 "
            f"{_number(bulk['p50_ms'])} ms, p99 {_number(bulk['p99_ms'])} ms; "
            f"{bulk['errors']} errors, {bulk['duplicates']} duplicates; "
            f"{bulk.get('queries_per_request') or 'n/a'} queries per article; workers' RSS "
            f"{_number(bulk['rss_mb'])} MiB). Every item is parsed, language-detected, "
            "tagged and stored with its tags."
        )
        cold = bulk.get("cold_start")
        if cold:
            lines.append(
                f"- Before that, {cold['requests']} single-item requests, each a worker's first "
                f"ingestion (the gazetteer and the tagger's lexicon are built in gunicorn's "
                f"master before the workers are forked): "
                f"median {_number(cold['median_ms'])} ms, slowest {_number(cold['slowest_ms'])} ms."
            )
        sessions = bulk.get("database_sessions")
        if sessions:
            lines.append(
                "- Meanwhile, the API's database sessions (pg_stat_activity, sampled every "
                "0.2 s): "
                + ", ".join(f"{key} {share:.0%}" for key, share in sessions.items())
                + "."
            )
        full = bulk.get("full_batch")
        if full:
            outcome = (
                f"answered in {full['seconds']} s, {full['created']} created"
                if full["http_status_ok"]
                else f"**failed** after {full['seconds']} s (no answer: gunicorn's worker "
                "timeout, see `bench/out/gunicorn.log`)"
            )
            lines.append(
                f"- **One full batch of {full['items']}** (the endpoint's maximum), sent alone: "
                f"{outcome}."
            )
    imported = by.get(("ingest_import_articles", "api"))
    if imported:
        lines.append(
            f"- **`manage.py import_articles FILE.jsonl --quiet`** (one process): "
            f"**{_number(imported['articles_per_s'])} articles/s** wall clock "
            f"({imported['articles']:,} articles in {imported['seconds']} s, of which "
            f"{imported['startup_seconds']} s is starting Django; "
            f"{_number(imported['articles_per_s_without_startup'])} articles/s without it)."
        )
    return lines


def _loader(meta) -> list[str]:
    loader = meta.get("loader")
    if not loader:
        return ["No load in this run (database reused)."]
    seconds = loader["process_seconds"]
    lines = [
        f"- {loader['articles']:,} articles, {loader['rows_total']:,} rows in all "
        f"({', '.join(f'{table} {count:,}' for table, count in loader['rows'].items())}), "
        f"{loader['processes']} parallel COPY streams, chunks of {loader['chunk']:,}, indexes, "
        f"constraints and the search-vector trigger live: **{loader['seconds']} s, "
        f"{loader['rows_per_s']:,} rows/s, {loader['articles_per_s']:,} articles/s**.",
        "- Time summed over the loader processes: "
        + ", ".join(f"{step.removesuffix('_s')} {value:.1f} s" for step, value in seconds.items())
        + ".",
        "- Rows/s of each COPY, per stream: "
        + ", ".join(f"{t} {v:,}" for t, v in loader["copy_rows_per_s_per_stream"].items())
        + ".",
    ]
    if loader.get("search_vectors"):
        lines.append(f"- Search vectors: {loader['search_vectors']} (tests/bench/).")
    if meta.get("loader_from_earlier_run"):
        lines.append(
            f"- (Measured when the database was loaded, {meta['loader_from_earlier_run']}.)"
        )
    trigger = meta.get("trigger")
    if trigger:
        rates = trigger["articles_per_s"]
        shares = trigger["share_of_article_copy_time"]
        combined = 1 - rates["trigger_and_gin"] / rates["no_trigger"]
        split = (
            f"to_tsvector {shares['to_tsvector_trigger']:.0%} and GIN maintenance "
            f"{shares['gin_index_maintenance']:.0%}"
            if all(0 <= value <= 1 for value in shares.values())
            else "the split between to_tsvector and GIN maintenance was lost in the noise "
            "of this run"
        )
        lines.append(
            f"- Side by side, one stream, {trigger['sample_articles']:,} articles COPYed into a "
            "copy of the article table (same columns, constraints and indexes): without the "
            f"search-vector trigger {rates['no_trigger']:,} articles/s; with the trigger but "
            f"no GIN index {rates['trigger_no_gin']:,}/s; with both, as in the product, "
            f"{rates['trigger_and_gin']:,}/s. The trigger and its index take **{combined:.0%} "
            f"of the article COPY time** ({split})."
        )
        if "vector_supplied" in rates:
            lines.append(
                "- The same, the vectors supplied as the loader does (trigger and GIN index "
                f"live): {rates['vector_supplied']:,} articles/s."
            )
    return lines


def _profiles(meta) -> list[str]:
    profiles = meta.get("profiles")
    if not profiles:
        return []
    names = []
    for summary in profiles.values():
        names += [n for n in summary["ms_per_request"] if n not in names]
    header = "| category (ms per request) | " + " | ".join(profiles) + " |"
    lines = [header, "|---|" + "--:|" * len(profiles)]
    lines.append(
        "| **total** | "
        + " | ".join(_number(s["total_ms_per_request"], 2) for s in profiles.values())
        + " |"
    )
    for name in names:
        cells = [_number(s["ms_per_request"].get(name, 0.0), 2) for s in profiles.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "The same requests by step of DRF's request cycle (steps overlap where nested):",
        "",
    ]
    lines += [header.replace("category", "step"), "|---|" + "--:|" * len(profiles)]
    steps = next(iter(profiles.values())).get("steps_ms_per_request", {})
    for step in steps:
        cells = [
            _number(s["steps_ms_per_request"].get(step, 0.0), 2)
            if s["steps_ms_per_request"].get(step)
            else "-"
            for s in profiles.values()
        ]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    pyspy = meta.get("pyspy")
    if pyspy:
        lines += [
            "",
            "The same scenarios on the real serving path: py-spy sampling every gunicorn worker "
            "while wrk loads the API with cache misses (share of CPU samples; waiting on "
            "PostgreSQL, Redis or the network is not counted; top frames in "
            "`bench/profiles/pyspy_api_*.txt`):",
            "",
        ]
        names = []
        for summary in pyspy.values():
            names += [n for n in summary["share"] if n not in names]
        lines += ["| category (share of samples) | " + " | ".join(pyspy) + " |"]
        lines += ["|---|" + "--:|" * len(pyspy)]
        lines += [
            f"| {name} | "
            + " | ".join(f"{s['share'].get(name, 0.0):.0%}" for s in pyspy.values())
            + " |"
            for name in names
        ]
    bulk = meta.get("profile_bulk")
    if bulk:
        lines += [
            "",
            "Bulk ingestion, ms per article (one batch of 20 through the test client, after a "
            f"first single item, which took {bulk.get('first_item_in_process_s', '?')} s in "
            "a fresh process because it builds the gazetteer and the lexicon):",
            "",
        ]
        lines += ["| category | ms per article |", "|---|--:|"]
        lines.append(f"| **total** | {_number(bulk['categories']['total_ms_per_request'], 2)} |")
        lines += [
            f"| {name} | {_number(value, 2)} |"
            for name, value in bulk["categories"]["ms_per_request"].items()
        ]
    return lines


def _loads(machine) -> str:
    return ", ".join(f"{x:.2f}" for x in machine.get("load_average_at_start", []))


def render(records, meta) -> str:
    versions = meta.get("versions", {})
    machine = meta.get("machine", {})
    dataset = meta.get("dataset", {})
    server = meta.get("server", {})
    scenarios = meta.get("scenarios", {})
    product = meta.get("product", {})
    changed = product.get("uncommitted_product_files", [])
    out = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/report.py from bench/results.json; edit bench/findings.md. -->",
        "",
        f"Run of {meta.get('started_at', '?')} ({meta.get('total_seconds', '?')} s), "
        f"{dataset.get('articles', 0):,} articles. The machine is shared and noisy: compare "
        "the ratios, measured side by side in one run, not the absolute numbers.",
        "",
        "## Targets",
        "",
        *_targets(records, meta),
        "",
        "## Reads: requests per second, side by side",
        "",
        "Each scenario ran against every system one after the other, in one gunicorn "
        "(the same workers, database, settings and middleware). `api` is the product; "
        "`baseline` a typical DRF project; `drf_by_the_book` the same with "
        "`select_related`/`prefetch_related`; `ceiling` a bare Django view returning the "
        "API's bytes from memory. Ratios above 1 mean the API is faster.",
        "",
        "### The API as served: repeated requests, answered from its response cache",
        "",
        "Lists are kept whole in the shared cache (Redis) until the next write; every request "
        "of a run asks for the same URL, so after the first they are cache hits.",
        "",
        *_reads_table(records, meta, "api"),
        "",
        "### The API's work: every request a cache miss",
        "",
        "The same runs for the API with a different `Accept` header on every request "
        "(`application/json; miss=<n>`, still JSON): the response cache never has the answer, "
        "so each request runs the view, its queries and serializers and then stores the "
        "response (system `api_cache_miss` in `bench/results.json`). The detail view is not "
        "cached, so it has one run only.",
        "",
        *_reads_table(records, meta, "api_cache_miss"),
        "",
        "### CPU per request",
        "",
        "Requests per second swing with whatever else runs on this shared machine; the CPU "
        "each request costs moves much less. CPU time of the gunicorn workers plus their "
        "PostgreSQL backends during each run (from /proc), divided by the requests it "
        "completed, in ms (median over rounds). Ratios above 1 mean the other system spends "
        "more CPU than the API. Runs of slow systems complete few requests, so their figure "
        "is rough (requests still in flight at the end are partly counted).",
        "",
        *_cpu_table(records, meta),
        "",
        "Scenarios (the same path and query string for every system):",
        "",
        *[f"- `{name}`: {info['title']}: `{info['path']}`" for name, info in scenarios.items()],
        "",
        *_latency_table(records, meta),
        "## Ingestion",
        "",
        *_ingestion(records),
        "",
        "## Loader (bench/datagen.py)",
        "",
        *_loader(meta),
        "",
    ]
    failed = meta.get("failed_steps")
    if failed:
        out += ["## Steps that failed in this run", ""]
        out += [f"- `{step}`: {reason}" for step, reason in failed.items()]
        out.append("")
    findings = FINDINGS.read_text().strip() if FINDINGS.exists() else ""
    if findings:
        out += [findings, ""]
    out += [
        "## Where the API's time goes (pyinstrument)",
        "",
        f"{meta.get('profile', {}).get('profile_requests', '?')} requests per scenario through "
        "Django's test client in one process, the full middleware stack included; time is "
        "attributed to the file of the innermost Python frame (C code counts for its caller). "
        "Full call trees: `bench/profiles/api_*.txt`; the API's SQL with `EXPLAIN ANALYZE`: "
        "`bench/profiles/explain_api_*.txt`.",
        "",
        *_profiles(meta),
        "",
        "## Every run",
        "",
        *_all_runs_table(records, meta),
        "",
        "`wrk CPU share` is the load generator's CPU time over the run's wall time times the "
        "number of cores (it shares the machine); `machine busy` is the whole machine's.",
        "",
        "## What the systems return",
        "",
        "- Items are compared as JSON text against the API's (`same items as api`); links in "
        "every system point at the API's own URLs.",
        "- Envelopes differ by design: the API pages with a cursor "
        "(`next`, `previous`, `results`); the DRF systems with page numbers "
        "(`count`, `next`, `previous`, `results`) and so run a `COUNT(*)` per page. "
        "The detail is the same object in all systems (the API adds an `ETag` header).",
        "- Search differs in kind: the API matches PostgreSQL full-text search (stemmed, "
        "ranked, GIN-indexed); the DRF systems use DRF's `SearchFilter` (`icontains` on "
        "headline, summary and body). Both order by `-published_at`, so on this generated "
        "text the same items come back, but not in general.",
        "- The region filter in the DRF systems is a join on the tags with `.distinct()`, "
        "as such projects usually write it; the API uses a semi-join on the tag table.",
        "",
        "## Set-up",
        "",
        f"- Machine: {machine.get('nproc')} cores ({machine.get('cpu', '')}), "
        f"{machine.get('memory_gib')} GiB memory, Linux {machine.get('kernel', '')}; "
        f"load average at start {_loads(machine)}.",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        f"- Server: gunicorn, {server.get('workers')} sync workers, production settings "
        "(`NEWSAPI_ENV=production`, DEBUG off), loopback only. Environment: "
        + ", ".join(f"`{k}={v}`" for k, v in server.get("environment", {}).items())
        + ". Throttle rates are set so high that nothing is throttled (the throttle code "
        "still runs on every request); `GUNICORN_MAX_REQUESTS=0` stops workers from being "
        "recycled in the middle of a measurement.",
        f"- Load: wrk, 1 thread, {meta.get('profile', {}).get('connections')} connections, "
        f"{meta.get('profile', {}).get('duration')} s per run after "
        f"{meta.get('profile', {}).get('warmup')} s of warm-up, "
        f"{meta.get('profile', {}).get('rounds')} round(s), the systems' order rotated each "
        "round and scenario; median over rounds, warm-up in the first round only. A request "
        "slower than 0.5 s alone is run once, with one connection per worker, no warm-up and "
        f"a longer run (at most {meta.get('profile', {}).get('slow_duration')} s).",
        f"- Data: seed {meta.get('seed')}; {dataset.get('articles', 0):,} articles published "
        f"{dataset.get('published_from')} to {dataset.get('published_to')}, "
        f"{dataset.get('region_tags', 0):,} region tags, {dataset.get('regions', 0):,} "
        f"regions, {dataset.get('sources')} sources, {dataset.get('sections')} sections; "
        f"`government` in {dataset.get('articles_matching_common_term', 0):,} articles, "
        f"`hydrofoil` in {dataset.get('articles_matching_rare_term', 0):,}, tagged within "
        f"`europe` {dataset.get('articles_in_europe', 0):,}; article table "
        f"{dataset.get('table_size_mb')} MiB, database {dataset.get('database_size_mb')} MiB.",
        f"- Product: commit `{product.get('revision', '?')}` ({product.get('tree', '?')}"
        + (
            f"; product files changed since the commit: {len(changed)}"
            if changed
            else "; no product file changed since the commit"
        )
        + ").",
        f"- Command: `make bench` (SIZE={meta.get('size', '?')}), which runs "
        f"`{meta.get('command', '')}` after installing bench/requirements.txt.",
        "",
        "## How to run",
        "",
        "```sh",
        "apt-get update && apt-get install -y wrk   # once",
        "make bench                   # 10k articles, short runs (a few minutes)",
        "make bench SIZE=100000       # longer runs",
        "make bench SIZE=1000000      # the full profile (the load alone takes long: see above)",
        "make bench SIZE=1000000 BENCH_ARGS=--reuse   # measure again without reloading",
        ".venv/bin/python bench/report.py             # re-render this file",
        "```",
        "",
        "To measure exactly one commit, export it (`git archive COMMIT | tar -x -C DIR`), "
        "copy `bench/` into the export and run there with `BENCH_PRODUCT_REVISION=COMMIT`; "
        "the run records that commit (otherwise it records `HEAD` and any product file "
        "changed since).",
        "",
        "Needs PostgreSQL at 127.0.0.1:5432 (user `postgres`, trust) and, optionally, Redis "
        "at 127.0.0.1:6379 (the shared cache of throttle counters and responses). The "
        "database `newsapi_bench` is dropped and created again unless `--reuse` finds it "
        "loaded with the same size and seed. Results: `bench/results.json` (one record per "
        "scenario and system), `bench/results.meta.json` (every run, the set-up and the "
        "profiles), this file.",
        "",
    ]
    return "\n".join(out)


def write(records, meta) -> None:
    TARGET.write_text(render(records, meta))


def main() -> int:
    records = json.loads((BENCH / "results.json").read_text())
    meta = json.loads((BENCH / "results.meta.json").read_text())
    write(records, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
