"""A small disk cache for tables derived from the large GeoNames files.

Every process that tags builds the gazetteer once; most of that time went into parsing
the 16 MB city file and deriving the same few tables from it. Those tables are kept as
JSON (data only, never code) under a key made of everything they depend on: the size
and modification time of the data file and of the modules that derive the tables, and
any arguments. A changed package, data file or rule gives a new key, so a stale table
is never read.

The folder is $GAZETTEER_CACHE_DIR, else $XDG_CACHE_HOME/newsapi, else
~/.cache/newsapi; GAZETTEER_CACHE_DIR="" turns the cache off. A folder that cannot be
written just means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

try:  # orjson reads and writes JSON several times faster; json is the fallback
    import orjson as _fast_json
except ImportError:  # pragma: no cover
    _fast_json = None

T = TypeVar("T")


def cached_json(name: str, depends_on: Iterable[object], compute: Callable[[], T]) -> T:
    """compute(), or its result as saved by an earlier process with the same inputs.

    `depends_on` lists what the result depends on: paths (their size and modification
    time are used) and plain values. The result must survive a JSON round trip."""
    path = _path(name, depends_on)
    if path is not None and path.exists():
        try:
            return _loads(path.read_bytes())
        except (OSError, ValueError):
            pass  # unreadable or half-written by a crashed process: compute it again
    value = compute()
    if path is not None:
        _save(path, value)
    return value


def _path(name: str, depends_on: Iterable[object]) -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    digest = hashlib.sha256()
    for part in depends_on:
        if isinstance(part, Path):
            stat = part.stat()
            part = (str(part), stat.st_size, stat.st_mtime_ns)
        digest.update(repr(part).encode())
    return folder / f"{name}-{digest.hexdigest()[:20]}.json"


def _folder() -> Path | None:
    configured = os.environ.get("GAZETTEER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home directory to speak of: no cache
            return None
    return Path(base) / "newsapi"


def _save(path: Path, value: Any) -> None:
    """Write through a temporary file, so a reader never sees half a table."""
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(_dumps(value))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def _loads(data: bytes) -> Any:
    return _fast_json.loads(data) if _fast_json else json.loads(data)


def _dumps(value: Any) -> bytes:
    return _fast_json.dumps(value) if _fast_json else json.dumps(value).encode()
