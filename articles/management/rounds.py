"""Commands that do the job queue's periodic work in one process, round after round."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError


class RoundsCommand(BaseCommand):
    """Runs `run_round`, then waits `--interval` seconds and runs it again, or stops after
    one round with `--once`. A database outage skips a round rather than ending the loop."""

    interval_setting: str  # the setting that gives the default interval

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=getattr(settings, self.interval_setting),
            help=f"Seconds between rounds (default {self.interval_setting}).",
        )

    def handle(self, *args, once=False, interval=None, **options):
        while True:
            try:
                self.run_round(once=once)
            except DatabaseError as exc:
                if once:
                    raise
                self.stderr.write(f"database unavailable, trying again later: {exc}")
            if once:
                return
            time.sleep(interval)

    def run_round(self, *, once: bool) -> None:
        raise NotImplementedError
