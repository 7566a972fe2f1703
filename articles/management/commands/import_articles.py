from itertools import islice

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.bulk import ingest_batch
from articles.ingestion.files import UnreadableItem, find_files, read_items
from articles.serializers import MAX_BULK_ITEMS


class Command(BaseCommand):
    help = "Import articles from .txt wire copy and .json/.jsonl files or folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, paths, quiet, **options):
        counts = {"created": 0, "duplicate": 0}
        failures = []
        files = find_files(paths)
        progress = tqdm(files, unit="file", disable=quiet, file=self.stderr)
        items = (pair for path in progress for pair in read_items(path))
        # Stored in batches, as by the bulk endpoint, whatever file each item comes from.
        while batch := list(islice(items, MAX_BULK_ITEMS)):
            outcomes = _import([item for _, item in batch])
            for (where, _), outcome in zip(batch, outcomes, strict=True):
                if outcome["outcome"] == "error":
                    failures.append((where, outcome["errors"]))
                else:
                    counts[outcome["outcome"]] += 1
        self.stdout.write(
            f"Imported {len(files)} files: {counts['created']} created, "
            f"{counts['duplicate']} duplicates, {len(failures)} failed."
        )
        for where, errors in failures:
            reasons = "; ".join(f"{e['field'] or 'item'}: {e['reason']}" for e in errors)
            self.stdout.write(f"  failed {where}: {reasons}")


def _import(items) -> list[dict]:
    """Each item's outcome, in order; unreadable ones fail without reaching the batch."""
    readable = [item for item in items if not isinstance(item, UnreadableItem)]
    stored = iter(ingest_batch(readable)["results"])
    return [
        {"outcome": "error", "errors": [{"field": None, "reason": item.reason}]}
        if isinstance(item, UnreadableItem)
        else next(stored)
        for item in items
    ]
