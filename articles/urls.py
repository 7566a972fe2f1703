from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sources", views.SourceViewSet, basename="source")
router.register("sections", views.SectionViewSet, basename="section")
router.register("regions", views.RegionViewSet, basename="region")

urlpatterns = router.urls
