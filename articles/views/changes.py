"""The change feed: every change to an article, in commit order, from a position on."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from ..changes import PositionExpired, changes_after
from ..models import ChangeEvent
from ..problems import PROBLEM_MEDIA_TYPE, InvalidParameters
from ..schema import NewsAutoSchema
from ..serializers.changes import ChangePageSerializer
from ..serializers.problems import ProblemSerializer

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
BIGGEST = 2**63 - 1  # a position past this is no event id


class CursorExpired(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_code = "cursor_expired"


class ChangeFeedSchema(NewsAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        gone = self._get_response_for_code(
            ProblemSerializer, "410", media_types=[PROBLEM_MEDIA_TYPE], direction=direction
        )
        gone["description"] = (
            "Events after `after` were pruned (older than the retention period): sync afresh, "
            "then read the feed without `after`."
        )
        responses["410"] = gone
        return responses


@extend_schema(
    summary="List changes",
    description="Every create, update, re-tag and delete of an article, oldest first, after "
    "the position `after` (an event id; without it, from the oldest event kept). Events "
    "appear in the order their changes committed, so a client that always continues from "
    "the `after` of its last page sees each event once, and never misses one, however many "
    "writers there are. Events are kept for CHANGES_RETENTION_DAYS (30 by default); a "
    "position whose following events were pruned is answered 410.",
    parameters=[
        OpenApiParameter(
            "after",
            OpenApiTypes.INT,
            description="Position: the `after` of the previous page. Without it, the feed "
            "starts at the oldest event kept.",
            examples=[OpenApiExample("A position", value=1200)],
        ),
        OpenApiParameter(
            "page_size", OpenApiTypes.INT, description="Events per page, 1 to 1000 (100)."
        ),
    ],
    responses=ChangePageSerializer,
)
class ChangeFeedViewSet(viewsets.GenericViewSet):
    queryset = ChangeEvent.objects.all()
    serializer_class = ChangePageSerializer
    extra_query_parameters = ("after", "page_size")
    schema = ChangeFeedSchema()

    def list(self, request):
        self.filter_queryset(self.get_queryset())  # a 400 for any other query parameter
        after = _number(request, "after", 0, None, default=None)
        size = _number(request, "page_size", 1, MAX_PAGE_SIZE, default=PAGE_SIZE)
        try:
            page = changes_after(after, size)
        except PositionExpired as exc:
            raise CursorExpired(
                f"Events up to {exc.pruned_through} were pruned; `after` must be at least that."
            ) from None
        url = replace_query_param(request.build_absolute_uri(), "after", page.position)
        body = {"after": page.position, "more": page.more, "next": url, "results": page.events}
        return Response(self.get_serializer(body).data)


def _number(request, name, lowest, highest, *, default) -> int:
    raw = request.query_params.get(name, "")
    if not raw:
        return default
    top = highest or BIGGEST
    if raw.isascii() and raw.isdigit() and lowest <= int(raw) <= top:
        return int(raw)
    span = f"from {lowest} to {highest}" if highest else f"{lowest} or more"
    raise InvalidParameters({name: [f"Must be a whole number, {span}."]})
