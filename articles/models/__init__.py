from .articles import Article, ArticleQuerySet, ArticleRegion, TagMethod
from .idempotency import IdempotencyRecord
from .regions import Region, RegionKind, RegionQuerySet
from .sources import Section, Source, SourceKind
from .state import ContentState
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "Article",
    "ArticleQuerySet",
    "ArticleRegion",
    "ContentState",
    "IdempotencyRecord",
    "Region",
    "RegionKind",
    "RegionQuerySet",
    "Section",
    "Source",
    "SourceKind",
    "TagMethod",
]
