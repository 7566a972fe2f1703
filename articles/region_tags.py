"""Region tags of stored articles: automatic ones from the tagger, manual ones by editors."""

from dataclasses import dataclass

from .changes import ChangeKind, record_changes
from .freshness import mark_changed
from .gazetteer_sync import regions_for
from .ingestion.gazetteer import load_gazetteer
from .ingestion.tagging import TAGGER_VERSION, RegionTag, tag_article
from .models import Article, ArticleRegion, Region, TagMethod

# The most automatic tags one article keeps, by relevance.
MAX_AUTOMATIC_TAGS = 40


def set_manual_regions(article: Article, regions) -> None:
    """Make these regions the article's manual tags; automatic tags on others are kept."""
    article.region_tags.filter(method=TagMethod.MANUAL).exclude(region__in=regions).delete()
    existing = {tag.region_id: tag for tag in article.region_tags.filter(region__in=regions)}
    new = {region.pk: region for region in regions if region.pk not in existing}
    ArticleRegion.objects.bulk_create(manual_tags(article, new.values()))
    for tag in existing.values():
        if tag.method != TagMethod.MANUAL:
            # An editor confirming an automatic tag makes it theirs.
            tag.method, tag.is_main, tag.confidence = TagMethod.MANUAL, True, 1.0
            tag.save(update_fields=["method", "is_main", "confidence"])
    record_changes(ChangeKind.RETAGGED, [article])


@dataclass(frozen=True)
class FoundTags:
    """What the tagger found in an article, with the Region row of each tag."""

    tags: list[RegionTag]
    regions: dict[str, Region]

    @property
    def dateline_region(self) -> Region | None:
        in_dateline = (self.regions[t.key] for t in self.tags if "dateline" in t.roles)
        return next(in_dateline, None)


def find_tags(article: Article) -> FoundTags:
    """Tag the article's text (the most relevant tags, at most MAX_AUTOMATIC_TAGS)."""
    return find_tags_many([article])[0]


def find_tags_many(articles) -> list[FoundTags]:
    """`find_tags` for each article; the Region rows of all their tags in one query."""
    found = [_most_relevant(article) for article in articles]
    regions = regions_for(load_gazetteer(), {tag.key for tags in found for tag in tags})
    return [FoundTags([tag for tag in tags if tag.key in regions], regions) for tags in found]


def _most_relevant(article: Article) -> list[RegionTag]:
    found = tag_article(headline=article.headline, body=article.body, dateline=article.dateline)
    return sorted(found, key=lambda tag: -tag.relevance)[:MAX_AUTOMATIC_TAGS]


def store_automatic_tags(article: Article, found: FoundTags, manual=frozenset()) -> None:
    """Write the automatic tags, leaving out regions that an editor tagged by hand."""
    ArticleRegion.objects.bulk_create(automatic_tags(article, found, manual))
    mark_changed()  # bulk inserts send no signals


def automatic_tags(article: Article, found: FoundTags, manual=frozenset()) -> list[ArticleRegion]:
    """The unsaved automatic tag rows, except for regions in `manual` (primary keys)."""
    return [
        _automatic_tag(article, found.regions[tag.key], tag)
        for tag in found.tags
        if found.regions[tag.key].pk not in manual
    ]


def manual_tags(article: Article, regions) -> list[ArticleRegion]:
    """Unsaved manual tag rows of the article for these regions."""
    return [
        ArticleRegion(article=article, region=region, method=TagMethod.MANUAL, is_main=True)
        for region in regions
    ]


def apply_automatic_tags(article: Article) -> None:
    """Tag a stored article afresh: automatic tags are replaced, manual ones kept.

    The dateline region is filled from the tag found in the dateline, unless it was set.
    """
    found = find_tags(article)
    manual = set(
        article.region_tags.filter(method=TagMethod.MANUAL).values_list("region", flat=True)
    )
    article.region_tags.filter(method=TagMethod.AUTOMATIC).delete()
    store_automatic_tags(article, found, manual)
    if article.dateline_region_id is None and found.dateline_region is not None:
        article.dateline_region = found.dateline_region
        article.save(update_fields=["dateline_region"])
    record_changes(ChangeKind.RETAGGED, [article])


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
