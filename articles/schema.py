"""drf-spectacular extensions: problem responses, the bearer scheme and parameter examples."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly

from .formats.ninjs_schema import NINJS_ITEM_SCHEMA
from .problems import PROBLEM_MEDIA_TYPE
from .serializers.problems import ProblemSerializer
from .sparse import SparseFieldsMixin

ERROR_DESCRIPTIONS = {
    400: "Invalid request: `errors` names each field or query parameter and the reason.",
    401: "No valid bearer token was sent.",
    403: "The token's user lacks the permission for this operation.",
    404: "No such resource.",
    406: "None of the media types in `Accept` can be served.",
    409: "The write conflicts with a stored article (same copy, URL or external id).",
    412: "The article changed since the version named in `If-Match`.",
    413: "The request body is larger than the server accepts.",
    415: "The request body's content type is not accepted here.",
    422: "The `Idempotency-Key` was used before with a different request.",
    429: "Too many requests; retry after the number of seconds in `Retry-After`.",
    500: "The server failed; the problem is logged.",
}

SUCCESS_DESCRIPTIONS = {
    "200": "The requested resource.",
    "201": "Created; the `Location` header names the new resource.",
    "204": "Done; there is no body.",
}

# An example value for every query and path parameter the API declares, by name.
PARAMETER_EXAMPLES = {
    "q": "border ceasefire",
    "source": "sputnik",
    "section": "world",
    "region": "armenia",
    "language": "en",
    "published_after": "2026-01-01T00:00:00Z",
    "published_before": "2026-12-31T23:59:59Z",
    "updated_since": "2026-11-01T00:00:00Z",
    "ordering": "-published_at",
    "cursor": "cD0yMDI2LTExLTI1KzEwJTNBMDAlM0EwMCUyQjAwJTNBMDA=",
    "page_size": 20,
    "id": 1,
    "slug": "armenia",
    "kind": "country",
    "parent": "western-asia",
    "iso_code": "AM",
    "country": "russia",
    "region_role": "dateline",
    "min_confidence": 0.8,
    "main_region": "armenia",
    "format": "ninjs",
    "If-Match": '"42-3"',
    "If-None-Match": '"42-3"',
    "Idempotency-Key": "5f0c6a1e-8d7b-4c4e-9a51-2b7f3e9d0c11",
}


class NewsAutoSchema(AutoSchema):
    """Adds the problem responses that every operation can give, and sparse fieldsets."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method == "GET" and isinstance(self.view, SparseFieldsMixin):
            parameters = [*parameters, *sparse_parameters(self.view.available_fields())]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in responses.items():
            if not response.get("description"):
                response["description"] = self._success_description(code)
        for code in self._error_codes():
            response = self._get_response_for_code(
                ProblemSerializer, str(code), media_types=[PROBLEM_MEDIA_TYPE], direction=direction
            )
            response["description"] = ERROR_DESCRIPTIONS[code]
            responses.setdefault(str(code), response)
        return responses

    def _success_description(self, code):
        if code == "200" and self._is_list_view():
            return "A page of results; follow `next` for more."
        return SUCCESS_DESCRIPTIONS.get(code, "Success.")

    def get_auth(self):
        auth = super().get_auth()
        if (self.method == "GET" or not self._needs_token()) and {} not in auth:
            auth.append({})  # reads are public; a token is accepted but not needed
        return auth

    def _error_codes(self):
        codes = {400, 406, 429, 500}
        if "{" in self.path:
            codes.add(404)
        if self.method in ("POST", "PUT", "PATCH"):
            codes |= {413, 415}
        if self.method in ("POST", "PUT", "PATCH", "DELETE") and self._needs_token():
            codes |= {401, 403, 409}
        headers = {p.name for p in self.get_override_parameters() if hasattr(p, "name")}
        if "If-Match" in headers:
            codes.add(412)
        if "Idempotency-Key" in headers:
            codes |= {409, 422}
        return sorted(codes)

    def _needs_token(self):
        return any(
            isinstance(permission, DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )


class FeedSchema(NewsAutoSchema):
    """A feed answers with one document, not a page, yet takes the article list's filters."""

    def get_filter_backends(self):
        return getattr(self.view, "filter_backends", [])


class NinjsItemScheme(OpenApiSerializerExtension):
    """The ninjs items are built by hand; their documented shape is written out."""

    target_class = "articles.formats.negotiation.NinjsItemSerializer"

    def map_serializer(self, auto_schema, direction):
        return NINJS_ITEM_SCHEMA


def sparse_parameters(available):
    names = ", ".join(f"`{name}`" for name in available)
    keep = f"Comma-separated fields to return, and no others. Fields: {names}."
    drop = f"Comma-separated fields to leave out (not with `fields`). Fields: {names}."
    return [
        OpenApiParameter(
            "fields", OpenApiTypes.STR, description=keep, examples=_example(available[:3])
        ),
        OpenApiParameter(
            "omit", OpenApiTypes.STR, description=drop, examples=_example(available[-1:])
        ),
    ]


def _example(names):
    return [OpenApiExample("fields", value=",".join(names))]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "articles.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from `manage.py issue_token`; reads need none.",
        }


def complete_parameters(result, generator, request, public):
    """Postprocessing hook: give every parameter a description and example values."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if "description" not in parameter and "description" in parameter["schema"]:
                    parameter["description"] = parameter["schema"].pop("description")
                _add_examples(parameter)
    return result


def _add_examples(parameter):
    """A required parameter gets an `example`; an optional one gets named `examples` whose
    first is "not set", so the docs' "Try it out" sends nothing until a value is chosen
    (a pre-filled example of every filter at once would match no article)."""
    is_array = parameter.get("schema", {}).get("type") == "array"
    example = parameter.pop("example", PARAMETER_EXAMPLES.get(parameter["name"]))
    if example is not None and is_array and not isinstance(example, list):
        example = [example]
    if parameter.get("required"):
        if example is not None:
            parameter["example"] = example
        return
    examples = parameter.pop("examples", {})
    if example is not None:
        examples = {"example": {"summary": "An example", "value": example}, **examples}
    unset = {"summary": "Not set", "value": [] if is_array else ""}
    parameter["examples"] = {"unset": unset, **examples}
    if parameter.get("in") == "query":
        parameter["allowEmptyValue"] = True  # `?kind=` is the same as no `kind`


def sparse_fields_are_optional(result, generator, request, public):
    """Postprocessing hook: with `fields`/`omit` any top-level field may be absent, so the
    objects those reads return list no required properties."""
    schemas = result.get("components", {}).get("schemas", {})
    for path_item in result.get("paths", {}).values():
        read = path_item.get("get", {})
        if not any(p["name"] == "fields" for p in read.get("parameters", [])):
            continue
        for content in read["responses"]["200"].get("content", {}).values():
            for name in _returned_components(content["schema"], schemas):
                schemas[name].pop("required", None)
    return result


def _returned_components(schema, schemas):
    """Component names of the object a response returns, or of a page's results."""
    name = schema.get("$ref", "").rpartition("/")[2]
    if not name:
        return []
    results = schemas[name].get("properties", {}).get("results", {}).get("items", {})
    inner = results.get("$ref", "").rpartition("/")[2]
    return [inner] if inner else [name]


# The range of an integer column is the database's (PostgreSQL's integer, SQLite's 64 bits):
# not part of the contract, so the schema is the same whichever database generated it.
_DATABASE_INTEGER_LIMITS = {2147483647, 9223372036854775807}


def without_database_limits(result, generator, request, public):
    """Postprocessing hook: drop integer maxima that only mirror the database's column."""
    _strip_limits(result.get("components", {}))
    return result


def _strip_limits(node):
    if isinstance(node, dict):
        if node.get("maximum") in _DATABASE_INTEGER_LIMITS:
            node.pop("maximum")
            node.pop("format", None)
        for value in node.values():
            _strip_limits(value)
    elif isinstance(node, list):
        for value in node:
            _strip_limits(value)
