"""Which story an article tells: the one of its nearest near-duplicate, or a new one.

Candidates come from the band table, by one indexed lookup of the article's band keys
restricted to a time window around its publication, so the cost of assigning an article
depends on how much was published around it, not on the size of the archive.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..freshness import mark_changed
from ..models import Article, ArticleFingerprint, Story, StoryBand
from . import fingerprint as fp


def window() -> timedelta:
    """How far apart two copies of one story can be published."""
    return timedelta(hours=settings.STORY_WINDOW_HOURS)


@dataclass
class Assignment:
    """What happened to one article: the story it joined or founded, and why."""

    article_id: int
    story: Story
    founded: bool
    matched_article_id: int | None = None
    similarity: float | None = None
    compared: int = 0  # candidates whose signatures were compared with its own


@dataclass
class _Copy:
    """A stored or just-assigned article as a candidate: its signature and story."""

    article_id: int
    published_at: datetime
    signature: bytes
    story: Story | int | None  # an id for stored stories, a Story for new or loaded ones


@dataclass
class _Index:
    by_key: dict[int, list[_Copy]] = field(default_factory=lambda: defaultdict(list))

    def add(self, copy: _Copy, keys) -> None:
        for key in keys:
            self.by_key[key].append(copy)

    def scored(self, signature, keys, published_at, article_id) -> list[tuple[float, _Copy]]:
        """Each copy sharing a band key, published within the window, with its similarity."""
        copies = {copy.article_id: copy for key in keys for copy in self.by_key.get(key, ())}
        copies.pop(article_id, None)
        span = window()
        return [
            (fp.similarity(signature, copy.signature), copy)
            for copy in copies.values()
            if copy.story is not None and abs(copy.published_at - published_at) <= span
        ]


def assign_stories(articles) -> list[Assignment]:
    """Give each of these stored articles a story, in one transaction and a fixed number
    of queries for the whole batch. Articles are taken in order of publication, so a
    batch may hold several copies of one story. Articles that already have a story are
    left alone; call this after the articles are inserted, inside the same transaction."""
    pending = sorted(
        (a for a in articles if a.story_id is None), key=lambda a: (a.published_at, a.pk)
    )
    if not pending:
        return []
    prints = {article.pk: fp.fingerprint(article.body) for article in pending}
    with transaction.atomic():
        index = _stored_candidates(pending, prints)
        assignments = [_assign(article, prints[article.pk], index) for article in pending]
        _save(pending, prints, assignments)
        mark_changed()
    return assignments


def reassign_stories(articles) -> list[Assignment]:
    """After an edit of the body or of the publication time: forget each article's story
    and find it again (most often the same one)."""
    articles = list(articles)
    with transaction.atomic():
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=None)
        for article in articles:
            article.story = None
        return assign_stories(articles)


def _stored_candidates(pending, prints) -> _Index:
    keys = sorted({key for found in prints.values() if found for key in found.band_keys})
    index = _Index()
    if not keys:
        return index
    lo = pending[0].published_at - window()
    hi = pending[-1].published_at + window()
    ids = [article.pk for article in pending]
    copies = {}
    columns = ("key", "article_id", "published_at", "article__fingerprint__signature")
    for start in range(0, len(keys), 2000):  # within SQLite's limit of bound parameters
        rows = (
            StoryBand.objects.filter(key__in=keys[start : start + 2000])
            .filter(published_at__gte=lo, published_at__lte=hi)
            .exclude(article_id__in=ids)
            .values_list(*columns, "article__story_id")
        )
        for key, article_id, published_at, signature, story_id in rows:
            copy = copies.setdefault(
                article_id, _Copy(article_id, published_at, bytes(signature), story_id)
            )
            index.add(copy, [key])
    return index


def _assign(article, found, index) -> Assignment:
    """Join the story of the most similar copy at or over the threshold (the earliest of
    equals), or found a new one."""
    scored = []
    if found is not None:
        scored = index.scored(found.signature, found.band_keys, article.published_at, article.pk)
    matches = [(score, copy) for score, copy in scored if score >= fp.THRESHOLD]
    if matches:
        score, best = max(matches, key=lambda m: (m[0], -m[1].published_at.timestamp()))
        assignment = Assignment(article.pk, best.story, False, best.article_id, score)
    else:
        assignment = Assignment(article.pk, _new_story(article), founded=True)
    assignment.compared = len(scored)
    if found is not None:
        copy = _Copy(article.pk, article.published_at, found.signature, assignment.story)
        index.add(copy, found.band_keys)
    return assignment


def _new_story(article) -> Story:
    at = article.published_at
    return Story(headline=article.headline, first_published_at=at, last_published_at=at)


def _save(pending, prints, assignments) -> None:
    stored = {a.story for a in assignments if isinstance(a.story, int)}
    locked = Story.objects.select_for_update().in_bulk(stored)
    gone = {}  # stories deleted since their articles were read: started again
    for article, assignment in zip(pending, assignments, strict=True):
        if isinstance(assignment.story, int):
            story_id = assignment.story
            assignment.story = locked.get(story_id) or gone.setdefault(
                story_id, _new_story(article)
            )
    for article, assignment in zip(pending, assignments, strict=True):
        _widen(assignment.story, article)
    Story.objects.bulk_create(
        list({id(a.story): a.story for a in assignments if a.story.pk is None}.values())
    )
    for article, assignment in zip(pending, assignments, strict=True):
        article.story = assignment.story
    Story.objects.bulk_update(
        locked.values(), ["headline", "first_published_at", "last_published_at", "updated_at"]
    )
    Article.objects.bulk_update(pending, ["story"])
    ids = [article.pk for article in pending]
    ArticleFingerprint.objects.filter(article_id__in=ids).delete()
    StoryBand.objects.filter(article_id__in=ids).delete()
    stored_prints = [(a, prints[a.pk]) for a in pending if prints[a.pk] is not None]
    ArticleFingerprint.objects.bulk_create(
        ArticleFingerprint(article=a, signature=found.signature) for a, found in stored_prints
    )
    StoryBand.objects.bulk_create(
        StoryBand(article=a, key=key, published_at=a.published_at)
        for a, found in stored_prints
        for key in found.band_keys
    )


def _widen(story: Story, article) -> None:
    """Stretch the story's span to the article; an earlier article lends its headline."""
    if article.published_at < story.first_published_at:
        story.first_published_at = article.published_at
        story.headline = article.headline
    story.last_published_at = max(story.last_published_at, article.published_at)
    story.updated_at = timezone.now()
