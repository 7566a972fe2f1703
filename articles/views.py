"""API views: configuration over code; reads are querysets, writes call the services."""

from django.db import connection
from django.shortcuts import get_object_or_404
from rest_framework import status, viewsets
from rest_framework.response import Response

from . import services
from .docs import article_docs, region_docs, section_docs, source_docs
from .filters import ARTICLE_ORDERINGS, ArticleFilter, RegionFilter, SourceFilter
from .models import Article, Region, Section, Source
from .pagination import CursorPage
from .serializers import (
    ARTICLE_REPLACEMENT_DEFAULTS,
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleWriteSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    SectionSerializer,
    SourceSerializer,
)


@article_docs
class ArticleViewSet(viewsets.ModelViewSet):
    queryset = Article.objects.all()
    filterset_class = ArticleFilter
    pagination_class = CursorPage

    def get_queryset(self):
        if self.action == "list":
            return Article.objects.for_listing()
        if self.action == "retrieve":
            return Article.objects.for_detail()
        return Article.objects.all()

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleListSerializer
        if self.action in ("create", "update", "partial_update"):
            return ArticleWriteSerializer
        return ArticleDetailSerializer

    def get_page_ordering(self, request):
        ordering = request.query_params.get("ordering") or "-published_at"
        if ordering == "relevance" and connection.vendor != "postgresql":
            ordering = "-published_at"  # no rank without PostgreSQL's full-text search
        return ARTICLE_ORDERINGS.get(ordering, ARTICLE_ORDERINGS["-published_at"])

    def create(self, request, *args, **kwargs):
        write = self.get_serializer(data=request.data)
        write.is_valid(raise_exception=True)
        article = services.article_create(**write.validated_data)
        body = self.detail_representation(article)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        write = self.get_serializer(article, data=request.data, partial=partial)
        write.is_valid(raise_exception=True)
        changes = write.validated_data
        if not partial:
            changes = {**ARTICLE_REPLACEMENT_DEFAULTS, **changes}
        article = services.article_update(article, **changes)
        return Response(self.detail_representation(article))

    def perform_destroy(self, instance):
        services.article_delete(instance)

    def detail_representation(self, article):
        article = get_object_or_404(Article.objects.for_detail(), pk=article.pk)
        return ArticleDetailSerializer(article, context=self.get_serializer_context()).data


@source_docs
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.select_related("country")
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    pagination_class = CursorPage
    lookup_field = "slug"


@section_docs
class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    pagination_class = CursorPage
    lookup_field = "slug"


@region_docs
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = RegionFilter
    pagination_class = CursorPage
    lookup_field = "slug"

    def get_queryset(self):
        regions = Region.objects.select_related("parent")
        if self.action == "retrieve":
            return regions.prefetch_related("children", "claimants")
        return regions

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer
