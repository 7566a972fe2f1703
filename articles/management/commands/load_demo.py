from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = "Load demo sources and a dozen demo wire stories (safe to run again)."

    def handle(self, *args, **options):
        outcomes = load_demo()
        self.stdout.write(
            f"Demo articles: {outcomes['created']} created, {outcomes['duplicate']} already there."
        )
