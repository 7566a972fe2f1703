"""`manage.py send_webhooks [--once] [--interval S]`: webhook deliveries without a job queue.

Matches new change events to subscriptions and sends every due delivery in this process,
retries included; then waits and does it again (or stops, with --once).
"""

from articles.management.rounds import RoundsCommand
from articles.webhooks.runner import deliver_round


class Command(RoundsCommand):
    help = "Send due webhook deliveries, then wait and do it again (or stop, with --once)."
    interval_setting = "WEBHOOK_TICK"

    def run_round(self, *, once):
        attempts = deliver_round()
        if attempts or once:
            self.stdout.write(f"{attempts} delivery attempts made.")
