from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.stories.backfill import backfill, forget_stories, unassigned


class Command(BaseCommand):
    help = "Give stored articles without a story one, in order of publication."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Articles per transaction (500)."
        )
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Forget every story first and assign all articles again (after the "
            "fingerprint parameters changed).",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, batch_size, rebuild, quiet, **options):
        if rebuild:
            forget_stories()
        with tqdm(total=unassigned().count(), disable=quiet, unit="article",
                  file=self.stderr) as progress:  # fmt: skip
            totals = backfill(max(1, batch_size), on_batch=progress.update)
        self.stdout.write(
            f"Assigned {totals['articles']} articles: {totals['joined']} joined a story, "
            f"{totals['founded']} started one."
        )
