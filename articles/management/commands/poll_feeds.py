"""`manage.py poll_feeds [--once] [--interval S]`: the feed scheduler and worker in one process.

It runs the queue's tasks in-process, so polling needs nothing but the database: the
default on a machine without Redis. Production runs `celery -A newsapi worker` and `beat`.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from articles.feeds.polling import claim_due_sources
from articles.tasks import poll_feed


class Command(BaseCommand):
    help = "Poll every due feed, then wait and do it again (or stop, with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.FEED_SCHEDULER_TICK,
            help="Seconds between rounds (default FEED_SCHEDULER_TICK).",
        )

    def handle(self, *args, once=False, interval=None, **options):
        while True:
            try:
                self.poll_due()
            except DatabaseError as exc:
                if once:
                    raise
                self.stderr.write(f"database unavailable, trying again later: {exc}")
            if once:
                return
            time.sleep(interval)

    def poll_due(self):
        for source_id in claim_due_sources():
            # Calling a task runs its body here, as a worker would.
            self.stdout.write(f"source {source_id}: {poll_feed(source_id)}")
