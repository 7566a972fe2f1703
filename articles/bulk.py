"""Batches of items, each validated and stored on its own, and reported on its own.

Used by the bulk endpoint and by `import_articles`, so both treat items alike.
"""

from .errors import ArticleConflict, IngestError
from .ingestion import service
from .problems import flatten_errors
from .serializers import ArticleWriteSerializer, CopySerializer


def ingest_batch(items) -> dict:
    """Ingest raw-copy items (`{"text": ...}`) and structured articles, counting outcomes.

    An item that fails leaves nothing behind and does not stop the others.
    """
    results = [{"index": index, **ingest_item(item)} for index, item in enumerate(items)]
    outcomes = [result["outcome"] for result in results]
    return {
        "created": outcomes.count("created"),
        "duplicates": outcomes.count("duplicate"),
        "failed": outcomes.count("error"),
        "results": results,
    }


def ingest_item(item) -> dict:
    """One item's outcome: created or duplicate with the article id, or error with reasons."""
    if not isinstance(item, dict):
        return _failure([_error(None, "Must be a JSON object.", "invalid")])
    serializer = (CopySerializer if "text" in item else ArticleWriteSerializer)(data=item)
    if not serializer.is_valid():
        return _failure(flatten_errors(serializer.errors, "body"))
    try:
        result = _ingest(serializer.validated_data, raw="text" in item)
    except IngestError as exc:
        return _failure([_error(field, reason, "unparsable") for field, reason in exc.problems])
    except ArticleConflict as exc:
        return _failure([_error(None, str(exc), "conflict")])
    return {"outcome": result.outcome, "id": result.article.pk}


def _ingest(data, *, raw):
    data = dict(data)
    if raw:
        return service.ingest_copy(data.pop("text"), **data)
    return service.ingest_fields(data)


def _error(field, reason, code) -> dict:
    return {"field": field, "in": "body", "reason": reason, "code": code}


def _failure(errors) -> dict:
    return {"outcome": "error", "id": None, "errors": errors}
