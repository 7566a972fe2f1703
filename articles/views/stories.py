"""Stories: the copies of one piece of news, newest story first."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from ..freshness import FreshReadsMixin
from ..models import Article, Story
from ..pagination import CursorPage
from ..serializers import StoryDetailSerializer, StorySerializer
from ..sparse import SparseFieldsMixin

STORY_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The story's id."
)

story_docs = extend_schema_view(
    list=extend_schema(
        summary="List stories",
        description="Stories by their latest copy, newest first, a cursor page at a time. A "
        "story is one piece of news however many outlets republished it (with another "
        "headline, light edits or added boilerplate): its articles are found as near-"
        "duplicates of each other, published within days. `independent_source_count` counts "
        "the distinct sources among them.",
    ),
    retrieve=extend_schema(
        summary="Get a story",
        description="A story with every article that carries it, earliest first.",
        parameters=[STORY_ID],
    ),
)


@story_docs
class StoryViewSet(FreshReadsMixin, SparseFieldsMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = CursorPage

    def get_queryset(self):
        stories = Story.objects.not_empty().with_counts()
        if self.action == "retrieve":
            copies = Article.objects.select_related("source").order_by("published_at", "id")
            return stories.prefetch_related(Prefetch("articles", queryset=copies))
        return stories

    def get_serializer_class(self):
        return StoryDetailSerializer if self.action == "retrieve" else StorySerializer

    def get_page_ordering(self, request):
        return ("-last_published_at", "-id")

    def get_object(self):
        # An id that is not a number names no story (and must not reach the database).
        if not str(self.kwargs.get("pk", "")).isdigit():
            raise NotFound()
        return super().get_object()
