"""Sources, sections and regions: the catalogue that articles refer to."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ..docs import region_docs, section_docs, source_docs
from ..feeds.health import feed_health
from ..filters import RegionFilter, SourceFilter
from ..freshness import FreshReadsMixin
from ..ingestion.tagging import TAGGER_VERSION, tag_text
from ..models import Region, Section, Source
from ..pagination import CursorPage
from ..serializers import (
    FeedHealthSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    SectionSerializer,
    SourceSerializer,
    TagResultSerializer,
    TagTextSerializer,
)
from ..sparse import SparseFieldsMixin
from .text import public_text_action, text_payload


@source_docs
class SourceViewSet(FreshReadsMixin, SparseFieldsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.select_related("country")
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    pagination_class = CursorPage
    lookup_field = "slug"

    def list(self, request, *args, **kwargs):
        if "stale" in request.query_params:
            # Staleness moves with the clock and with polls, which do not change the content
            # version, so this answer must not be validated or cached by that version.
            return mixins.ListModelMixin.list(self, request, *args, **kwargs)
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Get a source's feed health",
        description="How polling the source's feed goes: the last success, the lag since, "
        "the error streak, new entries per day and the latest fetches (HTTP status, entries "
        "new, duplicate and failed, latency). 404 when the source has no feed.",
    )
    @action(detail=True, serializer_class=FeedHealthSerializer)
    def health(self, request, slug=None):
        source = self.get_object()
        if not source.feed_url:
            raise NotFound("This source has no feed.")
        return Response(self.get_serializer(feed_health(source)).data)


@section_docs
class SectionViewSet(FreshReadsMixin, SparseFieldsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    pagination_class = CursorPage
    lookup_field = "slug"


@region_docs
class RegionViewSet(FreshReadsMixin, SparseFieldsMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = RegionFilter
    pagination_class = CursorPage
    lookup_field = "slug"
    throttle_scope = None

    @public_text_action()
    def tag(self, request):
        text = TagTextSerializer(data=text_payload(request))
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
