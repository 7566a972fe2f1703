"""The article feeds: the article list's filters, the latest articles, one format per URL."""

from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from articles.docs import feed_docs
from articles.filters import ARTICLE_ORDERINGS, ArticleFilter
from articles.freshness import FreshReadsMixin
from articles.models import Article
from articles.schema import FeedSchema

from .feeds import FEED_LENGTH, ArticleFeed
from .jsonfeed import JSON_FEED_SCHEMA
from .renderers import AtomRenderer, FeedFormatNegotiation, JSONFeedRenderer, RssRenderer


class ArticleFeedFilter(ArticleFilter):
    ordering = None  # a feed is always newest first


class ArticleFeedView(FreshReadsMixin, GenericAPIView):
    permission_classes = [AllowAny]
    filterset_class = ArticleFeedFilter
    pagination_class = None
    content_negotiation_class = FeedFormatNegotiation
    schema = FeedSchema()
    metadata_class = None  # OPTIONS is 405: a feed's renderers write feeds, not metadata

    def get_queryset(self):
        return Article.objects.for_listing()

    def get(self, request):
        return self.fresh(request, lambda: self.feed(request))

    def feed(self, request):
        articles = self.filter_queryset(self.get_queryset())
        articles = articles.order_by(*ARTICLE_ORDERINGS["-published_at"])[:FEED_LENGTH]
        language = request.query_params.get("language")
        feed = ArticleFeed(request.accepted_renderer.generator, request, language=language)
        generator = feed.get_feed(articles, request)
        # As Django's own feed views do: when the newest item last changed.
        modified = http_date(generator.latest_post_date().timestamp())
        return Response(generator, headers={"Last-Modified": modified})


@feed_docs("rss", "RSS 2.0", RssRenderer.media_type, OpenApiTypes.STR)
class RssFeedView(ArticleFeedView):
    renderer_classes = [RssRenderer]


@feed_docs("atom", "Atom 1.0", AtomRenderer.media_type, OpenApiTypes.STR)
class AtomFeedView(ArticleFeedView):
    renderer_classes = [AtomRenderer]


@feed_docs("json", "JSON Feed 1.1", JSONFeedRenderer.media_type, JSON_FEED_SCHEMA)
class JSONFeedView(ArticleFeedView):
    renderer_classes = [JSONFeedRenderer]
