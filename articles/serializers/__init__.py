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
from .ingestion import (
    MAX_BULK_ITEMS,
    BulkResultSerializer,
    CopySerializer,
    ParsedCopySerializer,
    TagResultSerializer,
    TagTextSerializer,
)

__all__ = [
    "ARTICLE_REPLACEMENT_DEFAULTS",
    "MAX_BULK_ITEMS",
    "ArticleDetailSerializer",
    "ArticleListSerializer",
    "ArticleWriteSerializer",
    "BulkResultSerializer",
    "CopySerializer",
    "ParsedCopySerializer",
    "RegionDetailSerializer",
    "RegionSerializer",
    "SectionSerializer",
    "SourceSerializer",
    "TagResultSerializer",
    "TagTextSerializer",
]
