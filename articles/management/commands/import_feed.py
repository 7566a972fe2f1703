"""`manage.py import_feed URL-or-FILE [--source SLUG]`, or `--all` sources with a feed URL."""

from django.core.management.base import BaseCommand, CommandError

from articles.feeds.errors import FeedError
from articles.feeds.importer import import_feed
from articles.models import Source


class Command(BaseCommand):
    help = "Import RSS or Atom feeds through the ingestion service; one summary line per feed."

    def add_arguments(self, parser):
        parser.add_argument("location", nargs="?", help="Feed URL, or path to a feed file.")
        parser.add_argument("--source", help="Slug of the source the entries belong to.")
        parser.add_argument("--all", action="store_true", help="Every source with a feed URL.")

    def handle(self, *args, location=None, source=None, **options):
        if options["all"] and (location or source):
            raise CommandError("--all takes no feed and no --source.")
        if not (options["all"] or location or source):
            raise CommandError("Give a feed URL or file, --source SLUG, or --all.")
        if options["all"]:
            jobs = [(each, each.feed_url) for each in Source.objects.exclude(feed_url="")]
        else:
            jobs = [(self.source(source), location)]
        refused = sum(not self.import_one(chosen, where) for chosen, where in jobs)
        if refused:
            raise CommandError(f"{refused} of {len(jobs)} feeds could not be imported.")

    def source(self, slug):
        if slug is None:
            return None
        try:
            return Source.objects.get(slug=slug)
        except Source.DoesNotExist:
            raise CommandError(f"No source with slug {slug!r}.") from None

    def import_one(self, source, location) -> bool:
        """Import one feed and print its summary; False if the feed itself failed."""
        label = location or (source.feed_url or source.slug)
        where = {"url": location} if "://" in (location or "") else {"path": location}
        try:
            summary = import_feed(source, **(where if location else {}))
        except (FeedError, ValueError) as exc:
            self.stderr.write(f"{label}: not imported: {exc}")
            return False
        self.stdout.write(
            f"{label}: {summary.created} created, {summary.duplicates} duplicates, "
            f"{len(summary.failed)} failed"
        )
        for entry_id, reason in summary.failed:
            self.stdout.write(f"  failed {entry_id}: {reason}")
        return True
