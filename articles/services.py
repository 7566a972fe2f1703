"""Writes to articles: the one place where an article is created, changed or deleted."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .errors import ArticleConflict, DuplicateContent, StaleVersion
from .models import Article
from .region_tags import apply_automatic_tags, find_tags, set_manual_regions, store_automatic_tags

TEXT_FIELDS = {"headline", "body", "dateline"}

_WHITESPACE = re.compile(r"\s+")


def content_hash(headline: str, body: str) -> str:
    """Identity of the copy itself: case and spacing do not make a new article."""
    normalised = _WHITESPACE.sub(" ", f"{headline}\n{body}").strip().casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


def headline_slug(headline: str) -> str:
    return slugify(headline)[:200].strip("-") or "article"


@transaction.atomic
def article_create(*, regions=(), related_articles=(), **fields) -> Article:
    """Store a new article, tagged, with its manual region tags and related articles.

    Raises DuplicateContent when the same copy is already stored: the content hash is
    unique in the database, so concurrent submissions cannot both succeed. The tags are
    found before the insert, so the dateline region goes in with the row.
    """
    article = Article(**fields)
    _derive(article)
    found = find_tags(article)
    if article.dateline_region is None:
        article.dateline_region = found.dateline_region
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as exc:
        raise _conflict(article) from exc
    if regions:
        set_manual_regions(article, regions)
    store_automatic_tags(article, found, manual={region.pk for region in regions})
    if related_articles:
        article.related_articles.set(related_articles)
    return article


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
        raise _conflict(article) from exc
    if regions is not None:
        set_manual_regions(article, regions)
    if TEXT_FIELDS & set(fields):
        apply_automatic_tags(article)
    if related_articles is not None:
        article.related_articles.set(related_articles)
    return article


@transaction.atomic
def article_delete(article: Article, *, expected_versions=None) -> None:
    _locked(article, expected_versions).delete()


def _derive(article: Article) -> None:
    article.slug = headline_slug(article.headline)
    article.content_hash = content_hash(article.headline, article.body)
    if not article.summary:
        article.summary = article.body.split("\n\n", 1)[0][:500]


def _conflict(article: Article) -> ArticleConflict:
    duplicate = Article.objects.filter(content_hash=article.content_hash).exclude(pk=article.pk)
    first = duplicate.values_list("pk", flat=True).first()
    if first is not None:
        return DuplicateContent(f"Article {first} has the same headline and body.")
    return ArticleConflict("Another article has this canonical URL or source and external id.")
