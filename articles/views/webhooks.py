"""Webhook subscriptions of the token's user, and each one's delivery log."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import Delivery, Subscription
from ..pagination import CursorPage
from ..problems import InvalidParameters
from ..schema import NewsAutoSchema
from ..serializers.webhooks import (
    DeliverySerializer,
    NewSubscriptionSerializer,
    SubscriptionSerializer,
)
from ..webhooks.subscriptions import subscription_create, subscription_update

WEBHOOK_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The subscription's id."
)


class TokenOnlySchema(NewsAutoSchema):
    """Every operation, reads too, needs a token."""

    def get_auth(self):
        return super(NewsAutoSchema, self).get_auth()

    def _error_codes(self):
        return sorted({*super()._error_codes(), 401})


webhook_docs = extend_schema_view(
    list=extend_schema(
        summary="List webhooks",
        description="The subscriptions of the token's user, newest first; nobody else's.",
    ),
    create=extend_schema(
        summary="Subscribe a webhook",
        description="From now on, each change event (as in `GET /changes/`) whose article "
        'matches `filter` is POSTed to `target_url` as `{"type": "article.<kind>", '
        '"timestamp", "data": <event>}`, signed per the Standard Webhooks specification '
        "(`webhook-id`, `webhook-timestamp`, `webhook-signature`: HMAC-SHA256 with the "
        "`secret`, which only this answer shows). Any 2xx answer is success; otherwise the "
        "delivery is retried with growing delays for about a day. Events about one article "
        "arrive in order. A long failure streak turns the subscription off. The target must "
        "be on a public address, as feeds must.",
        request=SubscriptionSerializer,
        responses={201: NewSubscriptionSerializer},
    ),
    retrieve=extend_schema(
        summary="Get a webhook",
        description="One of your subscriptions (its secret is not shown again).",
        parameters=[WEBHOOK_ID],
    ),
    update=extend_schema(
        summary="Replace a webhook",
        description="Its target, filter, description and state, checked as on creation.",
        parameters=[WEBHOOK_ID],
    ),
    partial_update=extend_schema(
        summary="Change a webhook",
        description="The fields given, checked as on creation. `active: true` turns a "
        "subscription on again after a failure streak: what waited is sent.",
        parameters=[WEBHOOK_ID],
    ),
    destroy=extend_schema(
        summary="Delete a webhook",
        description="Nothing more is sent; its pending deliveries and log go with it.",
        parameters=[WEBHOOK_ID],
    ),
    deliveries=extend_schema(
        summary="List a webhook's deliveries",
        description="Each event matched to the subscription, newest first: its status, "
        "attempts, the last answer's HTTP status and latency, and the last error. Kept as "
        "long as the events are.",
        parameters=[WEBHOOK_ID],
        responses=DeliverySerializer(many=True),
    ),
)


@webhook_docs
class WebhookViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]
    pagination_class = CursorPage
    lookup_value_regex = r"[0-9]+"
    schema = TokenOnlySchema()

    @property
    def extra_query_parameters(self):
        return ("cursor", "page_size") if self.action == "deliveries" else ()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()  # the schema generator has no user
        return Subscription.objects.filter(owner=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return NewSubscriptionSerializer
        if self.action == "deliveries":
            return DeliverySerializer
        return SubscriptionSerializer

    def get_page_ordering(self, request):
        return ("-id",)

    def paginate_queryset(self, queryset):
        try:
            return super().paginate_queryset(queryset)
        except (ValueError, DjangoValidationError):  # a cursor whose position is no id
            raise InvalidParameters({"cursor": ["Invalid cursor."]}) from None

    def create(self, request, *args, **kwargs):
        write = self.get_serializer(data=request.data)
        write.is_valid(raise_exception=True)
        subscription = subscription_create(owner=request.user, **write.validated_data)
        body = self.get_serializer(subscription).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def perform_update(self, serializer):
        subscription_update(serializer.instance, **serializer.validated_data)

    @action(detail=True)
    def deliveries(self, request, pk=None):
        subscription = self.get_object()
        log = Delivery.objects.filter(subscription=subscription).select_related("event")
        page = self.paginate_queryset(log)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
