from django.urls import path

from . import views

urlpatterns = [
    path("articles.rss", views.RssFeedView.as_view(), name="feed-rss"),
    path("articles.atom", views.AtomFeedView.as_view(), name="feed-atom"),
    path("articles.json", views.JSONFeedView.as_view(), name="feed-json"),
]
