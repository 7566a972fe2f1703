"""Writes to articles: the one place where an article is created, changed or deleted."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .errors import ArticleConflict, DuplicateContent, StaleVersion
from .freshness import mark_changed
from .gazetteer_sync import regions_for
from .ingestion.gazetteer import load_gazetteer
from .ingestion.tagging import TAGGER_VERSION, RegionTag, tag_article
from .models import Article, ArticleRegion, TagMethod

# The most automatic tags one article keeps, by relevance.
MAX_AUTOMATIC_TAGS = 40
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
    apply_automatic_tags(article)
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


def apply_automatic_tags(article: Article) -> None:
    """Tag the article's text afresh: automatic tags are replaced, manual ones kept.

    The dateline region is filled from the tag found in the dateline, unless it was set.
    """
    found = tag_article(headline=article.headline, body=article.body, dateline=article.dateline)
    found = sorted(found, key=lambda tag: -tag.relevance)[:MAX_AUTOMATIC_TAGS]
    regions = regions_for(load_gazetteer(), [tag.key for tag in found])
    manual = set(
        article.region_tags.filter(method=TagMethod.MANUAL).values_list("region", flat=True)
    )
    article.region_tags.filter(method=TagMethod.AUTOMATIC).delete()
    ArticleRegion.objects.bulk_create(
        _automatic_tag(article, regions[tag.key], tag)
        for tag in found
        if tag.key in regions and regions[tag.key].pk not in manual
    )
    mark_changed()
    in_dateline = [
        regions[tag.key] for tag in found if "dateline" in tag.roles and tag.key in regions
    ]
    if article.dateline_region_id is None and in_dateline:
        article.dateline_region = in_dateline[0]
        article.save(update_fields=["dateline_region"])


def _automatic_tag(article: Article, region, tag: RegionTag) -> ArticleRegion:
    return ArticleRegion(
        article=article,
        region=region,
        method=TagMethod.AUTOMATIC,
        is_main=tag.is_main,
        relevance=round(min(max(tag.relevance, 0.0), 1.0), 4),
        confidence=round(min(max(tag.confidence, 0.0), 1.0), 4),
        mention_count=tag.mention_count,
        in_dateline="dateline" in tag.roles,
        in_headline="headline" in tag.roles,
        in_body="body" in tag.roles,
        mentions=[
            {"role": m.role, "start": m.start, "end": m.end, "text": m.text} for m in tag.mentions
        ],
        tagger_version=TAGGER_VERSION,
    )


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
