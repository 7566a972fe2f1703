"""drf-spectacular extensions: problem responses, the bearer scheme and parameter examples."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly

from .problems import PROBLEM_MEDIA_TYPE

ERROR_DESCRIPTIONS = {
    400: "Invalid request: `errors` names each field or query parameter and the reason.",
    401: "No valid bearer token was sent.",
    403: "The token's user lacks the permission for this operation.",
    404: "No such resource.",
    406: "None of the media types in `Accept` can be served.",
    409: "The write conflicts with a stored article (same copy, URL or external id).",
    413: "The request body is larger than the server accepts.",
    415: "The request body's content type is not accepted here.",
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
}


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Dotted path of the field or the parameter name."
    )
    # "in" is a Python keyword, so the field is declared under another name and renamed.
    location = serializers.ChoiceField(choices=["body", "query"], help_text="Where it was sent.")
    reason = serializers.CharField()
    code = serializers.CharField(help_text="Machine-readable reason, e.g. `required`.")

    def get_fields(self):
        fields = super().get_fields()
        fields["in"] = fields.pop("location")
        return fields


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="URI reference identifying the problem type.")
    title = serializers.CharField(help_text="Short summary of the problem type.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="Explanation specific to this occurrence.")
    errors = ProblemFieldErrorSerializer(many=True, required=False)


class NewsAutoSchema(AutoSchema):
    """Adds the problem responses that every operation can give."""

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
        return sorted(codes)

    def _needs_token(self):
        return any(
            isinstance(permission, DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )


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
    """Postprocessing hook: give every parameter a description and an example value."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if "description" not in parameter and "description" in parameter["schema"]:
                    parameter["description"] = parameter["schema"].pop("description")
                example = PARAMETER_EXAMPLES.get(parameter["name"])
                if example is None or "example" in parameter:
                    continue
                is_array = parameter.get("schema", {}).get("type") == "array"
                parameter["example"] = [example] if is_array else example
    return result
