from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.bulk import ingest_item
from articles.ingestion.files import UnreadableItem, find_files, read_items


class Command(BaseCommand):
    help = "Import articles from .txt wire copy and .json/.jsonl files or folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, paths, quiet, **options):
        counts = {"created": 0, "duplicate": 0}
        failures = []
        files = find_files(paths)
        for path in tqdm(files, unit="file", disable=quiet, file=self.stderr):
            for where, item in read_items(path):
                outcome = _import(item)
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


def _import(item):
    if isinstance(item, UnreadableItem):
        return {"outcome": "error", "errors": [{"field": None, "reason": item.reason}]}
    return ingest_item(item)
