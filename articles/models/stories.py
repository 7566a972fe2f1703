"""Stories: the articles that carry one piece of news, however many outlets reprinted it."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .articles import Article


class StoryQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate `article_count` and `independent_source_count` (distinct sources),
        one correlated count each, so a page of stories costs one query."""

        def count(expression):
            counted = (
                Article.objects.filter(story=OuterRef("pk"))
                .order_by()
                .values("story")
                .annotate(n=expression)
                .values("n")
            )
            return Coalesce(Subquery(counted), 0)

        return self.annotate(
            article_count=count(Count("id")),
            independent_source_count=count(Count("source", distinct=True)),
        )

    def not_empty(self):
        """Stories that still have an article (their articles may all have been deleted)."""
        return self.filter(Exists(Article.objects.filter(story=OuterRef("pk"))))


class Story(models.Model):
    headline = models.CharField(max_length=500, help_text="The headline of its first article.")
    first_published_at = models.DateTimeField()
    last_published_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_published_at", "-id"]
        indexes = [
            models.Index(fields=["-last_published_at", "-id"], name="story_last_published_idx"),
        ]

    def __str__(self):
        return self.headline


class ArticleFingerprint(models.Model):
    """An article's MinHash signature, against which the candidates its bands find are
    verified; stored so that a new article is never compared with the text of others."""

    article = models.OneToOneField(
        "Article", on_delete=models.CASCADE, primary_key=True, related_name="fingerprint"
    )
    signature = models.BinaryField()

    def __str__(self):
        return f"fingerprint of {self.article_id}"


class StoryBand(models.Model):
    """One LSH band of an article's signature, hashed with its band number into `key`.

    Articles sharing a key are candidates for the same story; `published_at` (the
    article's) bounds the lookup to a time window, so its cost does not grow with the archive.
    """

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()
    published_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "published_at"], name="storyband_key_published_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.key}"
