from django.core.management.base import BaseCommand

from articles.gazetteer_sync import sync_regions
from articles.ingestion.gazetteer import load_gazetteer


class Command(BaseCommand):
    help = "Load or refresh the region gazetteer (continents to cities) into the database."

    def handle(self, *args, **options):
        result = sync_regions(load_gazetteer())
        self.stdout.write(
            f"Regions: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
