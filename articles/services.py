"""Writes to articles: the one place where an article is created, changed or deleted."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Article, ArticleRegion, TagMethod
from .problems import Conflict

_WHITESPACE = re.compile(r"\s+")


def content_hash(headline: str, body: str) -> str:
    """Identity of the copy itself: case and spacing do not make a new article."""
    normalised = _WHITESPACE.sub(" ", f"{headline}\n{body}").strip().casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


def headline_slug(headline: str) -> str:
    return slugify(headline)[:200].strip("-") or "article"


class DuplicateContent(Conflict):
    default_detail = "An article with the same headline and body exists."
    default_code = "duplicate"


@transaction.atomic
def article_create(*, regions=(), related_articles=(), **fields) -> Article:
    """Store a new article with its manual region tags and related articles.

    Raises DuplicateContent when the same copy is already stored: the content hash is
    unique in the database, so concurrent submissions cannot both succeed.
    """
    article = Article(**fields)
    _derive(article)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as exc:
        raise _conflict(article) from exc
    set_manual_regions(article, regions)
    article.related_articles.set(related_articles)
    return article


@transaction.atomic
def article_update(article: Article, *, regions=None, related_articles=None, **fields) -> Article:
    """Change the given fields; `regions`, when given, replaces the manual tags."""
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
    if related_articles is not None:
        article.related_articles.set(related_articles)
    return article


def article_delete(article: Article) -> None:
    article.delete()


def set_manual_regions(article: Article, regions) -> None:
    """Make these regions the article's manual tags; automatic tags on others are kept."""
    article.region_tags.filter(method=TagMethod.MANUAL).exclude(region__in=regions).delete()
    existing = {tag.region_id: tag for tag in article.region_tags.filter(region__in=regions)}
    for region in regions:
        tag = existing.get(region.pk)
        if tag is None:
            ArticleRegion.objects.create(
                article=article, region=region, method=TagMethod.MANUAL, is_main=True
            )
        elif tag.method != TagMethod.MANUAL:
            # An editor confirming an automatic tag makes it theirs.
            tag.method, tag.is_main, tag.confidence = TagMethod.MANUAL, True, 1.0
            tag.save(update_fields=["method", "is_main", "confidence"])


def _derive(article: Article) -> None:
    article.slug = headline_slug(article.headline)
    article.content_hash = content_hash(article.headline, article.body)
    if not article.summary:
        article.summary = article.body.split("\n\n", 1)[0][:500]


def _conflict(article: Article) -> Conflict:
    duplicate = Article.objects.filter(content_hash=article.content_hash).exclude(pk=article.pk)
    if duplicate.exists():
        return DuplicateContent(
            f"Article {duplicate.values_list('pk', flat=True).first()} has the same copy."
        )
    return Conflict("The article conflicts with a stored one (canonical URL or external id).")
