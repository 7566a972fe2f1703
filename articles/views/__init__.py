from .articles import ArticleViewSet
from .catalogue import RegionViewSet, SectionViewSet, SourceViewSet

__all__ = ["ArticleViewSet", "RegionViewSet", "SectionViewSet", "SourceViewSet"]
