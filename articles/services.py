"""Writes to articles: the one place where an article is created, changed or deleted."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .changes import ChangeKind, change_rows, record_changes
from .errors import ArticleConflict, DuplicateContent, StaleVersion
from .freshness import mark_changed
from .models import Article, ArticleRegion
from .region_tags import (
    apply_automatic_tags,
    automatic_tags,
    find_tags_many,
    manual_tags,
    set_manual_regions,
)
from .stories.service import assign_stories, reassign_stories

TEXT_FIELDS = {"headline", "body", "dateline"}
STORY_FIELDS = {"body", "published_at"}  # what a story match reads


def content_hash(headline: str, body: str) -> str:
    """Identity of the copy itself: case and spacing do not make a new article."""
    # Runs of whitespace become single spaces, and the ends are stripped (split() and
    # the regex \s agree on what whitespace is; split() is three times faster).
    normalised = " ".join(f"{headline}\n{body}".split()).casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


def headline_slug(headline: str) -> str:
    return slugify(headline)[:200].strip("-") or "article"


def article_create(*, regions=(), related_articles=(), **fields) -> Article:
    """Store a new article, tagged, with its manual region tags and related articles.

    Raises DuplicateContent when the same copy is already stored, ArticleConflict when
    its canonical URL or source and external id are taken: the database's unique
    constraints decide, so concurrent submissions cannot both succeed.
    """
    draft = {**fields, "regions": regions, "related_articles": related_articles}
    try:
        return articles_create_many([draft])[0]
    except IntegrityError as exc:
        raise _conflict(content_hash(fields["headline"], fields["body"])) from exc


@transaction.atomic
def articles_create_many(drafts) -> list[Article]:
    """Store new articles (each draft: `article_create`'s arguments), tagged, in one
    transaction and a fixed number of queries: one bulk insert per table.

    Every article the application creates comes through here, alone (`article_create`)
    or by the batch (the ingestion service): what must happen for each created article
    belongs here, once for both. The tags are found before the insert, so the dateline
    region goes in with the row. Raises IntegrityError, having written nothing, when a
    unique constraint refuses one of them (the same copy, canonical URL, or source and
    external id, stored meanwhile); the caller decides what that means.
    """
    if not drafts:
        return []
    articles, manual, related = [], [], []
    for draft in drafts:
        fields = dict(draft)
        manual.append({region.pk: region for region in fields.pop("regions", ())})
        related.append({other.pk for other in fields.pop("related_articles", ())})
        articles.append(_derive(Article(**fields)))
    found = find_tags_many(articles)
    for article, tags in zip(articles, found, strict=True):
        if article.dateline_region_id is None:
            article.dateline_region = tags.dateline_region
    Article.objects.bulk_create(articles)
    ArticleRegion.objects.bulk_create(
        row
        for article, tags, by_hand in zip(articles, found, manual, strict=True)
        for row in _tag_rows(article, tags, by_hand)
    )
    _link_related(articles, related)
    assign_stories(articles)
    record_changes(ChangeKind.CREATED, articles)
    mark_changed()  # bulk inserts send no signals
    return articles


def _tag_rows(article: Article, found, manual: dict) -> list[ArticleRegion]:
    """Manual tags for the regions given by hand, automatic ones for the others."""
    return manual_tags(article, manual.values()) + automatic_tags(article, found, manual)


def _link_related(articles: list[Article], related: list[set[int]]) -> None:
    """Both directions of each symmetric link, as `related_articles.set()` would."""
    through = Article.related_articles.through
    through.objects.bulk_create(
        through(from_article_id=a, to_article_id=b)
        for article, others in zip(articles, related, strict=True)
        for other in others
        for a, b in ((article.pk, other), (other, article.pk))
    )


def _locked(article: Article, expected_versions) -> Article:
    """The article's current row, locked until commit, if its version is one expected."""
    current = Article.objects.select_for_update().get(pk=article.pk)
    if expected_versions is not None and current.version not in expected_versions:
        raise StaleVersion(f"The article is at version {current.version}.")
    return current


@transaction.atomic
def article_update(
    article: Article, *, expected_versions=None, regions=None, related_articles=None, **fields
) -> Article:
    """Change the given fields; `regions`, when given, replaces the manual tags.

    The change applies to the row as it is now (locked), never to a stale copy, so two
    editors' changes to different fields both survive; `expected_versions` (from If-Match)
    refuses the write when someone else changed the article first.
    """
    article = _locked(article, expected_versions)
    for name, value in fields.items():
        setattr(article, name, value)
    _derive(article)
    article.version += 1
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as exc:
        raise _conflict(article.content_hash, article) from exc
    if regions is not None:
        set_manual_regions(article, regions)
    if TEXT_FIELDS & set(fields):
        apply_automatic_tags(article)
    if related_articles is not None:
        article.related_articles.set(related_articles)
    if STORY_FIELDS & set(fields):
        reassign_stories([article])
    record_changes(ChangeKind.UPDATED, [article])
    return article


@transaction.atomic
def article_delete(article: Article, *, expected_versions=None) -> None:
    current = _locked(article, expected_versions)
    gone = change_rows([current])  # read before delete() clears the id
    current.delete()
    record_changes(ChangeKind.DELETED, gone)


def _derive(article: Article) -> Article:
    article.slug = headline_slug(article.headline)
    article.content_hash = content_hash(article.headline, article.body)
    if not article.summary:
        article.summary = article.body.split("\n\n", 1)[0][:500]
    return article


def _conflict(digest: str, article: Article | None = None) -> ArticleConflict:
    duplicate = Article.objects.filter(content_hash=digest)
    if article is not None:
        duplicate = duplicate.exclude(pk=article.pk)
    first = duplicate.values_list("pk", flat=True).first()
    if first is not None:
        return DuplicateContent(f"Article {first} has the same headline and body.")
    return ArticleConflict("Another article has this canonical URL or source and external id.")
