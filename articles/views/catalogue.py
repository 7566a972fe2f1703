"""Sources, sections and regions: the catalogue that articles refer to."""

from rest_framework import viewsets
from rest_framework.response import Response

from ..docs import region_docs, section_docs, source_docs
from ..filters import RegionFilter, SourceFilter
from ..freshness import FreshReadsMixin
from ..ingestion.tagging import TAGGER_VERSION, tag_text
from ..models import Region, Section, Source
from ..pagination import CursorPage
from ..serializers import (
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
