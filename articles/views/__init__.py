from .articles import ArticleViewSet
from .catalogue import RegionViewSet, SectionViewSet, SourceViewSet
from .stories import StoryViewSet

__all__ = ["ArticleViewSet", "RegionViewSet", "SectionViewSet", "SourceViewSet", "StoryViewSet"]
