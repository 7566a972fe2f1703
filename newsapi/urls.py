from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from newsapi.docs import RedocView, SwaggerView
from newsapi.operations import LivenessView, MetricsView, ReadinessView

api_v1 = [
    path("", include("articles.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="swagger-ui"), name="home"),
    path("api/v1/", include(api_v1)),
    path("feeds/", include("articles.syndication.urls")),
    path("healthz", LivenessView.as_view(), name="healthz"),
    path("readyz", ReadinessView.as_view(), name="readyz"),
]
if settings.METRICS_ENABLED:
    urlpatterns.append(path("metrics", MetricsView.as_view(), name="metrics"))
if settings.ENABLE_ADMIN:
    urlpatterns.append(path("admin/", admin.site.urls))

handler400 = "articles.problems.bad_request"
handler403 = "articles.problems.permission_denied"
handler404 = "articles.problems.page_not_found"
handler500 = "articles.problems.server_error"
