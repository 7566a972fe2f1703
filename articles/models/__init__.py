from .articles import Article, ArticleQuerySet, ArticleRegion, TagMethod
from .changes import ChangeEvent, ChangeKind, ChangeLogState
from .feeds import FeedFetch, FeedState, FetchOutcome
from .idempotency import IdempotencyRecord
from .regions import Region, RegionKind, RegionQuerySet
from .sources import Section, Source, SourceKind, SourceQuerySet
from .state import ContentState
from .stories import ArticleFingerprint, Story, StoryBand, StoryQuerySet
from .tokens import ApiToken
from .webhooks import Delivery, DeliveryStatus, Subscription

__all__ = [
    "ApiToken",
    "Article",
    "ArticleFingerprint",
    "ArticleQuerySet",
    "ArticleRegion",
    "ChangeEvent",
    "ChangeKind",
    "ChangeLogState",
    "ContentState",
    "Delivery",
    "DeliveryStatus",
    "FeedFetch",
    "FeedState",
    "FetchOutcome",
    "IdempotencyRecord",
    "Region",
    "RegionKind",
    "RegionQuerySet",
    "Section",
    "Source",
    "SourceKind",
    "SourceQuerySet",
    "Story",
    "StoryBand",
    "StoryQuerySet",
    "Subscription",
    "TagMethod",
]
