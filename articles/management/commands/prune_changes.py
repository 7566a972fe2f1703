"""`manage.py prune_changes`: drop change events past CHANGES_RETENTION_DAYS, with their
deliveries (the job queue does it hourly)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.changes import prune_changes


class Command(BaseCommand):
    help = "Delete change events older than CHANGES_RETENTION_DAYS, and their deliveries."

    def handle(self, *args, **options):
        removed = prune_changes()
        days = settings.CHANGES_RETENTION_DAYS
        self.stdout.write(f"Pruned {removed} change events older than {days} days.")
