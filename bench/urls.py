"""The API's URLs, plus the comparison systems under /bench/, in one Django project.

/api/v1/...                      the API itself (newsapi.urls, unchanged)
/bench/baseline/...              a typical DRF project (bench.typical)
/bench/drf-by-the-book/...       the same with select_related/prefetch_related
/bench/ceiling/<path>            the API's bytes for <path>, served from memory
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench import typical
from bench.ceiling import ceiling
from newsapi.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def _router(articles, sources, regions):
    router = SimpleRouter()
    router.register("articles", articles, basename="article")
    router.register("sources", sources, basename="source")
    router.register("regions", regions, basename="region")
    return router.urls


baseline = _router(typical.ArticleViewSet, typical.SourceViewSet, typical.RegionViewSet)
by_the_book = _router(
    typical.EagerArticleViewSet, typical.EagerSourceViewSet, typical.EagerRegionViewSet
)

urlpatterns = [
    *urlpatterns,
    path("bench/baseline/", include((baseline, "baseline"))),
    path("bench/drf-by-the-book/", include((by_the_book, "drf_by_the_book"))),
    path("bench/ceiling/<path:rest>", ceiling, name="ceiling"),
]
