"""The change feed's outbox: one row per change to an article, written with the change."""

from django.db import models
from django.utils import timezone


class ChangeKind(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    RETAGGED = "retagged", "Re-tagged"
    DELETED = "deleted", "Deleted"


class ChangeEvent(models.Model):
    """A change to an article, in the order the changes committed: `id` is the position.

    `articles.changes.record` writes these in the changing transaction and makes ids commit
    in ascending order, so a reader paging by id never skips or repeats one.
    """

    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    # Not a foreign key: the event outlives a deleted article.
    article_id = models.BigIntegerField()
    version = models.PositiveIntegerField(help_text="The article's version after the change.")
    occurred_at = models.DateTimeField(default=timezone.now)
    tombstone = models.JSONField(
        null=True, blank=True, help_text="For a deletion: what identified the article."
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["occurred_at"], name="change_event_time_idx")]

    def __str__(self):
        return f"{self.kind} article {self.article_id} v{self.version}"


class ChangeLogState(models.Model):
    """A single row: the newest event ever pruned, so a client knows when it fell behind."""

    pruned_through = models.BigIntegerField(default=0)

    def __str__(self):
        return f"change events pruned through {self.pruned_through}"
