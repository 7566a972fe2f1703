"""Stories for articles stored before they had any, or again after the parameters changed."""

from django.db import transaction
from django.db.models import Q

from ..freshness import mark_changed
from ..models import Article, ArticleFingerprint, Story, StoryBand
from .service import assign_stories

FIELDS = ("id", "headline", "body", "published_at", "story")


def unassigned():
    return Article.objects.filter(story__isnull=True)


def backfill(batch_size: int = 500, on_batch=None) -> dict:
    """Give every article without a story one, in order of publication, one transaction
    per batch: an interrupted run resumes where it stopped. Returns counts."""
    totals = {"articles": 0, "founded": 0, "joined": 0}
    after = None
    while True:
        batch = unassigned().order_by("published_at", "id").only(*FIELDS)
        if after is not None:
            at, pk = after
            batch = batch.filter(Q(published_at__gt=at) | Q(published_at=at, id__gt=pk))
        batch = list(batch[:batch_size])
        if not batch:
            return totals
        founded = sum(assignment.founded for assignment in assign_stories(batch))
        totals["articles"] += len(batch)
        totals["founded"] += founded
        totals["joined"] += len(batch) - founded
        after = (batch[-1].published_at, batch[-1].pk)
        if on_batch is not None:
            on_batch(len(batch))


@transaction.atomic
def forget_stories() -> None:
    """Drop every story, signature and band: after a change of the fingerprint parameters
    the stored ones no longer compare with new ones."""
    StoryBand.objects.all().delete()
    ArticleFingerprint.objects.all().delete()
    Article.objects.filter(story__isnull=False).update(story=None)
    Story.objects.all().delete()
    mark_changed()
