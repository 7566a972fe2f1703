"""Sparse fieldsets: `fields=` keeps only the named fields, `omit=` drops them."""

from .problems import InvalidParameters

SPARSE_PARAMETERS = ("fields", "omit")


def requested_fields(request, available) -> tuple[str, ...]:
    """The fields to return, in their usual order; unknown names are a 400 naming them."""
    keep, drop = (_names(request, parameter) for parameter in SPARSE_PARAMETERS)
    if keep and drop:
        raise InvalidParameters({"omit": ["Use either `fields` or `omit`, not both."]})
    parameter, names = ("fields", keep) if keep else ("omit", drop)
    unknown = [name for name in names if name not in available]
    if unknown:
        reason = f"Unknown field: {', '.join(unknown)}. Fields: {', '.join(available)}."
        raise InvalidParameters({parameter: [reason]})
    if keep:
        return tuple(name for name in available if name in keep)
    return tuple(name for name in available if name not in drop)


def _names(request, parameter) -> list[str]:
    raw = request.query_params.get(parameter, "")
    return [name.strip() for name in raw.split(",") if name.strip()]


class SparseFieldsMixin:
    """For read views: checks `fields`/`omit` up front, then trims each returned object."""

    extra_query_parameters = SPARSE_PARAMETERS
    sparse_fields = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        asked = [p for p in SPARSE_PARAMETERS if p in request.query_params]
        if request.method != "GET" or not asked:
            return
        if request.accepted_renderer.format != "json":
            raise InvalidParameters({asked[0]: ["Only JSON responses can be trimmed."]})
        self.sparse_fields = requested_fields(request, self.available_fields())

    def available_fields(self) -> list[str]:
        return list(self.get_serializer_class()().fields)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.sparse_fields is not None and response.status_code == 200 and _is_json(response):
            response.data = _trim(response.data, self.sparse_fields)
        return response


def _trim(data, fields):
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return {**data, "results": [_trim(item, fields) for item in data["results"]]}
    if isinstance(data, dict):
        return {name: data[name] for name in fields if name in data}
    return data


def _is_json(response) -> bool:
    renderer = getattr(response, "accepted_renderer", None)
    return renderer is not None and renderer.format == "json"
