"""`manage.py poll_feeds [--once] [--interval S]`: the feed scheduler and worker in one process.

It runs the queue's tasks in-process, so polling needs nothing but the database: the
default on a machine without Redis. Production runs `celery -A newsapi worker` and `beat`.
"""

from articles.feeds.polling import claim_due_sources
from articles.management.rounds import RoundsCommand
from articles.tasks import poll_feed


class Command(RoundsCommand):
    help = "Poll every due feed, then wait and do it again (or stop, with --once)."
    interval_setting = "FEED_SCHEDULER_TICK"

    def run_round(self, *, once):
        for source_id in claim_due_sources():
            # Calling a task runs its body here, as a worker would.
            self.stdout.write(f"source {source_id}: {poll_feed(source_id)}")
