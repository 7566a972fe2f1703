"""Entity tags for articles: `ETag` on reads, `If-Match` (412) and `If-None-Match` (304)."""

from rest_framework import exceptions, status


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The article has changed since the version named in If-Match."
    default_code = "precondition_failed"


def article_etag(article_id, version) -> str:
    return f'"{article_id}-{version}"'


def _tags(header: str):
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        article_id, _, version = tag.partition("-")
        if version.isdigit():
            yield article_id, int(version)


def expected_versions(request, article_id) -> set[int] | None:
    """The versions `If-Match` accepts, or None when the client set no condition.

    An `If-Match` that names no version of this article can never match: 412 at once.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    versions = {version for pk, version in _tags(header) if pk == str(article_id)}
    if not versions:
        raise PreconditionFailed("If-Match names no version of this article.")
    return versions


def not_modified(request, article_id, version) -> bool:
    """True when `If-None-Match` already names the current version."""
    header = request.headers.get("If-None-Match", "").strip()
    if header == "*":
        return True
    return (str(article_id), version) in set(_tags(header))
