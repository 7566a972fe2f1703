"""Latency of single requests: one client, every request a cache miss.

The archive-size targets (search p50 <= 20 ms and p99 <= 100 ms, region filter p95 <= 30 ms,
page 1,000 within 1.5x of page 1) are about how long one request takes, so they are
measured with one connection: under the side-by-side load runs a request's latency is
mostly its wait in the queue. The deep page is reached as a client reaches it, by
following `next` links from the first page.
"""

from urllib.parse import urlsplit

SCENARIOS = ["list", "list_deep", "list_region", "search_common", "search_rare",
             "search_region_date"]  # fmt: skip
DEEP_PAGE = 1_000
SYSTEM = "api_one_client"


def deep_page_path(client, first: str, pages: int = DEEP_PAGE) -> tuple[str, int]:
    """The path of page `pages` of the list at `first` (or its last page, if it has fewer),
    and the page number reached."""
    path, page = first, 1
    while page < pages:
        body = client.get("/api/v1/" + path).json()
        following = body.get("next")
        if not following:
            break
        parts = urlsplit(following)
        path, page = parts.path.removeprefix("/api/v1/") + "?" + parts.query, page + 1
    return path, page


def measure(wrk, base: str, paths: dict[str, str], *, duration: int, articles: int) -> list[dict]:
    records = []
    for name in SCENARIOS:
        if name not in paths:
            continue
        result = wrk(base + paths[name], duration=duration, connections=1, timeout=10,
                     cache_miss=True)  # fmt: skip
        records.append({
            "scenario": name, "system": SYSTEM, "articles": articles, "rps": result["rps"],
            "p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"], "p99_ms": result["p99_ms"],
            "errors": result["errors"], "requests": result["requests"], "connections": 1,
            "path": paths[name],
        })  # fmt: skip
    return records
