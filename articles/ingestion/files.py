"""Reading articles from files: `.txt` wire copy, `.json` and `.jsonl` items."""

import json
from collections.abc import Iterator
from pathlib import Path

SUFFIXES = {".txt", ".json", ".jsonl"}


class UnreadableItem:
    """A file or line that could not be read as an item; `reason` says why."""

    def __init__(self, reason: str):
        self.reason = reason


def find_files(paths) -> list[Path]:
    """The readable files among these paths, folders searched recursively, in name order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix in SUFFIXES)
        else:
            found.append(path)
    return found


def read_items(path: Path) -> Iterator[tuple[str, object]]:
    """(where, item) pairs: the item is a dict for the ingestion batch, or UnreadableItem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield str(path), UnreadableItem(f"cannot be read as UTF-8 text: {exc}")
        return
    if path.suffix == ".txt":
        yield str(path), {"text": text}
    elif path.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield f"{path}:{number}", _decode(line)
    elif path.suffix == ".json":
        document = _decode(text)
        items = document if isinstance(document, list) else [document]
        for number, item in enumerate(items):
            yield f"{path}[{number}]", item
    else:
        yield str(path), UnreadableItem("is not a .txt, .json or .jsonl file")


def _decode(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return UnreadableItem(f"is not valid JSON: {exc}")
