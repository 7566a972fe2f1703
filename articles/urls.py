from rest_framework.routers import SimpleRouter

from . import views
from .views.changes import ChangeFeedViewSet
from .views.webhooks import WebhookViewSet

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sources", views.SourceViewSet, basename="source")
router.register("sections", views.SectionViewSet, basename="section")
router.register("regions", views.RegionViewSet, basename="region")
router.register("stories", views.StoryViewSet, basename="story")
router.register("changes", ChangeFeedViewSet, basename="change")
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = router.urls
