from .articles import Article, ArticleQuerySet, ArticleRegion, TagMethod
from .regions import Region, RegionKind, RegionQuerySet
from .sources import Section, Source, SourceKind
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "Article",
    "ArticleQuerySet",
    "ArticleRegion",
    "Region",
    "RegionKind",
    "RegionQuerySet",
    "Section",
    "Source",
    "SourceKind",
    "TagMethod",
]
