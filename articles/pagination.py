"""Cursor pagination: stable under inserts and free of COUNT(*) over the table."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from .problems import InvalidParameters


class CursorPage(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("name", "id")
    page_size_query_description = "Items per page, from 1 to 100 (default 20)."
    cursor_query_description = "Opaque position from the `next` or `previous` link."

    def get_ordering(self, request, queryset, view):
        if hasattr(view, "get_page_ordering"):
            return view.get_page_ordering(request)
        return self.ordering

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise InvalidParameters(
                {
                    self.page_size_query_param: [
                        f"Must be a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_paginated_response_schema(self, schema):
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None  # `?cursor=` is the first page, as no cursor is
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise InvalidParameters({self.cursor_query_param: ["Invalid cursor."]}) from None
