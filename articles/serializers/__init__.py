from .core import (
    ARTICLE_REPLACEMENT_DEFAULTS,
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleWriteSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    SectionSerializer,
    SourceSerializer,
)
from .feeds import FeedFetchSerializer, FeedHealthSerializer
from .ingestion import (
    MAX_BULK_ITEMS,
    BulkResultSerializer,
    CopySerializer,
    ParsedCopySerializer,
    TagResultSerializer,
    TagTextSerializer,
)
from .stories import StoryDetailSerializer, StorySerializer

__all__ = [
    "ARTICLE_REPLACEMENT_DEFAULTS",
    "MAX_BULK_ITEMS",
    "ArticleDetailSerializer",
    "ArticleListSerializer",
    "ArticleWriteSerializer",
    "BulkResultSerializer",
    "CopySerializer",
    "FeedFetchSerializer",
    "FeedHealthSerializer",
    "ParsedCopySerializer",
    "RegionDetailSerializer",
    "RegionSerializer",
    "SectionSerializer",
    "SourceSerializer",
    "StoryDetailSerializer",
    "StorySerializer",
    "TagResultSerializer",
    "TagTextSerializer",
]
