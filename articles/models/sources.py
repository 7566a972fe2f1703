"""Who publishes the news, and the sections it is filed under."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q, Value

SLUG_HELP = "Unique, URL-safe name, e.g. `reuters` or `world`."


class SourceKind(models.TextChoices):
    AGENCY = "agency", "News agency"
    NEWSPAPER = "newspaper", "Newspaper"
    BROADCASTER = "broadcaster", "Broadcaster"
    ONLINE = "online", "Online outlet"
    GOVERNMENT = "government", "Government or official body"
    OTHER = "other", "Other"


class SourceQuerySet(models.QuerySet):
    def with_feed(self):
        return self.exclude(feed_url="")

    def stale_feeds(self, now):
        """Feeds never read, or not successfully for FEED_STALE_AFTER_INTERVALS intervals."""
        never = Q(feed_state__isnull=True) | Q(feed_state__last_success_at__isnull=True)
        return self.with_feed().filter(
            never | Q(feed_state__last_success_at__lt=self._fresh_since(now))
        )

    def fresh_feeds(self, now):
        """Feeds read successfully within FEED_STALE_AFTER_INTERVALS intervals: the others."""
        return self.with_feed().filter(feed_state__last_success_at__gte=self._fresh_since(now))

    @staticmethod
    def _fresh_since(now):
        # A duration times an integer: interval arithmetic on PostgreSQL, microseconds on SQLite.
        window = F("poll_interval") * Value(settings.FEED_STALE_AFTER_INTERVALS)
        return Value(now) - ExpressionWrapper(window, output_field=DurationField())


class Source(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    homepage = models.URLField(max_length=500, blank=True)
    feed_url = models.URLField(max_length=1000, blank=True, help_text="RSS or Atom feed.")
    poll_interval = models.DurationField(
        default=timedelta(minutes=15),
        validators=[MinValueValidator(timedelta(minutes=1)), MaxValueValidator(timedelta(days=7))],
        help_text="How often the feed is polled, e.g. 00:15:00 (one minute to seven days).",
    )
    country = models.ForeignKey(
        "Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47 language tag.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["language"], name="source_language_idx"),
        ]

    def __str__(self):
        return self.name


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text=SLUG_HELP)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
