from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.ingestion.tagging import TAGGER_VERSION
from articles.models import Article
from articles.region_tags import apply_automatic_tags


class Command(BaseCommand):
    help = "Tag stored articles again after the gazetteer or tagger changed; manual tags stay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--outdated", action="store_true", help="Only articles tagged by another version."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, outdated, quiet, **options):
        articles = Article.objects.order_by("pk")
        if outdated:
            articles = articles.exclude(region_tags__tagger_version=TAGGER_VERSION).distinct()
        total = articles.count()
        for article in tqdm(articles.iterator(chunk_size=500), total=total, disable=quiet,
                            unit="article", file=self.stderr):  # fmt: skip
            with transaction.atomic():
                apply_automatic_tags(article)
        self.stdout.write(f"Re-tagged {total} articles with tagger {TAGGER_VERSION}.")
