"""API views: configuration over code; reads are querysets, writes call the services."""

from django.db import connection
from django.shortcuts import get_object_or_404
from django.urls import reverse
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from . import services
from .bulk import ingest_batch
from .docs import article_docs, region_docs, section_docs, source_docs
from .filters import ARTICLE_ORDERINGS, ArticleFilter, RegionFilter, SourceFilter
from .ingestion import service as ingestion
from .ingestion.tagging import TAGGER_VERSION, tag_text
from .models import Article, Region, Section, Source
from .pagination import CursorPage
from .parsers import PlainTextParser, StrictJSONParser
from .serializers import (
    ARTICLE_REPLACEMENT_DEFAULTS,
    MAX_BULK_ITEMS,
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleWriteSerializer,
    BulkResultSerializer,
    CopySerializer,
    ParsedCopySerializer,
    RegionDetailSerializer,
    RegionSerializer,
    SectionSerializer,
    SourceSerializer,
    TagResultSerializer,
    TagTextSerializer,
)

TEXT_OR_JSON = [PlainTextParser, StrictJSONParser]


def text_payload(data):
    """A text/plain body stands for `{"text": body}`."""
    return {"text": data} if isinstance(data, str) else data


@article_docs
class ArticleViewSet(viewsets.ModelViewSet):
    queryset = Article.objects.all()
    filterset_class = ArticleFilter
    pagination_class = CursorPage
    throttle_scope = None

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

    @action(detail=False, methods=["post"], parser_classes=TEXT_OR_JSON, throttle_scope="ingest")
    def ingest(self, request):
        copy = CopySerializer(data=text_payload(request.data))
        copy.is_valid(raise_exception=True)
        data = dict(copy.validated_data)
        result = ingestion.ingest_copy(data.pop("text"), **data)
        body = self.detail_representation(result.article)
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["url"]})

    @action(
        detail=False,
        methods=["post"],
        parser_classes=TEXT_OR_JSON,
        permission_classes=[AllowAny],
        throttle_scope="geoparse",
    )
    def parse(self, request):
        copy = TagTextSerializer(data=text_payload(request.data))
        copy.is_valid(raise_exception=True)
        preview = ingestion.preview_copy(copy.validated_data["text"])
        return Response(ParsedCopySerializer(preview).data)

    @action(detail=False, methods=["post"], throttle_scope="ingest")
    def bulk(self, request):
        items = request.data
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_BULK_ITEMS:
            raise ValidationError(
                [f"Expected a list of 1 to {MAX_BULK_ITEMS} items."], code="invalid_batch"
            )
        report = ingest_batch(items)
        for result in report["results"]:
            url = reverse("article-detail", args=[result["id"]]) if result["id"] else None
            result["url"] = request.build_absolute_uri(url) if url else None
        return Response(BulkResultSerializer(report).data)

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
    throttle_scope = None

    @action(
        detail=False,
        methods=["post"],
        parser_classes=TEXT_OR_JSON,
        permission_classes=[AllowAny],
        throttle_scope="geoparse",
    )
    def tag(self, request):
        text = TagTextSerializer(data=text_payload(request.data))
        text.is_valid(raise_exception=True)
        found = tag_text(text.validated_data["text"])
        result = {"regions": found, "tagger_version": TAGGER_VERSION}
        return Response(TagResultSerializer(result).data)

    def get_queryset(self):
        regions = Region.objects.select_related("parent")
        if self.action == "retrieve":
            return regions.prefetch_related("children", "claimants")
        return regions

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer
