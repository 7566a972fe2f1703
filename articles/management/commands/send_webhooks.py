"""`manage.py send_webhooks [--once] [--interval S]`: webhook deliveries without a job queue.

Matches new change events to subscriptions and sends every due delivery in this process,
retries included; then waits and does it again (or stops, with --once).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from articles.webhooks.runner import deliver_round


class Command(BaseCommand):
    help = "Send due webhook deliveries, then wait and do it again (or stop, with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.WEBHOOK_TICK,
            help="Seconds between rounds (default WEBHOOK_TICK).",
        )

    def handle(self, *args, once=False, interval=None, **options):
        while True:
            try:
                attempts = deliver_round()
            except DatabaseError as exc:
                if once:
                    raise
                self.stderr.write(f"database unavailable, trying again later: {exc}")
            else:
                if attempts or once:
                    self.stdout.write(f"{attempts} delivery attempts made.")
            if once:
                return
            time.sleep(interval)
