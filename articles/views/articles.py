"""Article views: reads are querysets (a fast path for the list), writes call the services."""

from django.db import connection
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from .. import services
from ..bulk import ingest_batch
from ..conditional import article_etag, expected_versions, not_modified
from ..docs import article_docs
from ..filters import ARTICLE_ORDERINGS, ArticleFilter
from ..formats.negotiation import NINJS_ACTIONS, NinjsItemSerializer, NinjsRenderer, renders_ninjs
from ..freshness import FreshReadsMixin
from ..idempotency import idempotent
from ..ingestion import service as ingestion
from ..listing import LIST_FIELDS, list_rows, render_rows
from ..models import Article
from ..pagination import CursorPage
from ..serializers import (
    ARTICLE_REPLACEMENT_DEFAULTS,
    MAX_BULK_ITEMS,
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleWriteSerializer,
    BulkResultSerializer,
    CopySerializer,
    ParsedCopySerializer,
    TagTextSerializer,
)
from ..sparse import SPARSE_PARAMETERS, SparseFieldsMixin
from ..syndication.links import feed_links
from .text import TEXT_OR_JSON, public_text_action, text_payload


@article_docs
class ArticleViewSet(FreshReadsMixin, SparseFieldsMixin, viewsets.ModelViewSet):
    queryset = Article.objects.all()
    filterset_class = ArticleFilter
    pagination_class = CursorPage
    throttle_scope = None
    extra_query_parameters = ("format", *SPARSE_PARAMETERS)  # ?format=ninjs

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action in NINJS_ACTIONS:
            renderers.append(NinjsRenderer())
        return renderers

    def get_queryset(self):
        if renders_ninjs(self.request):
            return Article.objects.for_detail()  # a ninjs item carries the whole article
        if self.action == "list":
            return Article.objects.for_listing()
        if self.action == "retrieve":
            return Article.objects.for_detail()
        return Article.objects.all()

    def get_serializer_class(self):
        if renders_ninjs(self.request):
            return NinjsItemSerializer
        if self.action == "list":
            return ArticleListSerializer
        if self.action in ("create", "update", "partial_update"):
            return ArticleWriteSerializer
        return ArticleDetailSerializer

    def list(self, request, *args, **kwargs):
        return self.fresh(request, lambda: self.fresh_list(request, *args, **kwargs))

    def fresh_list(self, request, *args, **kwargs):
        if renders_ninjs(request):
            response = super().list(request, *args, **kwargs)
        else:
            response = self.fast_list(request)
        response["Link"] = feed_links(request)
        return response

    def fast_list(self, request):
        """The JSON list from plain rows, reading only the requested fields' columns."""
        fields = self.sparse_fields or LIST_FIELDS
        queryset = self.filter_queryset(Article.objects.all())
        rows = self.paginate_queryset(list_rows(queryset, fields, self.get_page_ordering(request)))
        return self.get_paginated_response(render_rows(rows, fields, request))

    def finalize_response(self, request, response, *args, **kwargs):
        if self.action in NINJS_ACTIONS:
            patch_vary_headers(response, ["Accept"])  # JSON or ninjs, by Accept
        return super().finalize_response(request, response, *args, **kwargs)

    def get_page_ordering(self, request):
        ordering = request.query_params.get("ordering") or "-published_at"
        if ordering == "relevance" and connection.vendor != "postgresql":
            ordering = "-published_at"  # no rank without PostgreSQL's full-text search
        return ARTICLE_ORDERINGS.get(ordering, ARTICLE_ORDERINGS["-published_at"])

    @idempotent
    def create(self, request, *args, **kwargs):
        write = self.get_serializer(data=request.data)
        write.is_valid(raise_exception=True)
        article = services.article_create(**write.validated_data)
        body = self.detail_representation(article)
        headers = {"Location": str(body["url"]), "ETag": article_etag(article.pk, article.version)}
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    def get_object(self):
        # An id that is not a number names no article (and must not reach the database).
        if not str(self.kwargs.get("pk", "")).isdigit():
            raise NotFound()
        return super().get_object()

    def retrieve(self, request, *args, **kwargs):
        pk = kwargs["pk"]
        if not str(pk).isdigit():
            raise NotFound()
        version = Article.objects.filter(pk=pk).values_list("version", flat=True).first()
        if version is not None and not_modified(request, pk, version):
            etag = article_etag(pk, version)
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        response = super().retrieve(request, *args, **kwargs)
        # The version is read from the body, in JSON and in ninjs alike.
        response["ETag"] = article_etag(pk, response.data["version"])
        return response

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        write = self.get_serializer(article, data=request.data, partial=partial)
        write.is_valid(raise_exception=True)
        changes = write.validated_data
        if not partial:
            changes = {**ARTICLE_REPLACEMENT_DEFAULTS, **changes}
        expected = expected_versions(request, article.pk)
        article = services.article_update(article, expected_versions=expected, **changes)
        body = self.detail_representation(article)
        return Response(body, headers={"ETag": article_etag(article.pk, article.version)})

    def perform_destroy(self, instance):
        expected = expected_versions(self.request, instance.pk)
        services.article_delete(instance, expected_versions=expected)

    @action(detail=False, methods=["post"], parser_classes=TEXT_OR_JSON, throttle_scope="ingest")
    @idempotent
    def ingest(self, request):
        copy = CopySerializer(data=text_payload(request))
        copy.is_valid(raise_exception=True)
        data = dict(copy.validated_data)
        result = ingestion.ingest_copy(data.pop("text"), **data)
        body = self.detail_representation(result.article)
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": str(body["url"])})

    @public_text_action()
    def parse(self, request):
        copy = TagTextSerializer(data=text_payload(request))
        copy.is_valid(raise_exception=True)
        preview = ingestion.preview_copy(copy.validated_data["text"])
        return Response(ParsedCopySerializer(preview).data)

    @action(detail=False, methods=["post"], throttle_scope="ingest")
    @idempotent
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
