"""Batches of items, each validated and reported on its own, stored together.

Used by the bulk endpoint and by `import_articles`, so both treat items alike.
"""

from .errors import IngestError
from .ingestion import service
from .problems import flatten_errors
from .serializers import ArticleWriteSerializer, CopySerializer


def ingest_batch(items) -> dict:
    """Ingest raw-copy items (`{"text": ...}`) and structured articles, counting outcomes.

    Every item is validated and parsed first; the valid ones are then stored by one call
    to the ingestion service, in one transaction. An item that fails leaves nothing
    behind and does not stop the others.
    """
    prepared = [_draft(item) for item in items]
    stored = iter(service.ingest_many([d for d in prepared if isinstance(d, service.Draft)]))
    results = [
        {"index": index, **(_reported(next(stored)) if isinstance(d, service.Draft) else d)}
        for index, d in enumerate(prepared)
    ]
    outcomes = [result["outcome"] for result in results]
    return {
        "created": outcomes.count("created"),
        "duplicates": outcomes.count("duplicate"),
        "failed": outcomes.count("error"),
        "results": results,
    }


def _draft(item) -> service.Draft | dict:
    """The item's draft, or its failure (with the reasons) when it is not an article."""
    if not isinstance(item, dict):
        return _failure([_error(None, "Must be a JSON object.", "invalid")])
    raw = "text" in item
    serializer = (CopySerializer if raw else ArticleWriteSerializer)(data=item)
    if not serializer.is_valid():
        return _failure(flatten_errors(serializer.errors, "body"))
    data = dict(serializer.validated_data)
    if not raw:
        return service.Draft(data)
    try:
        return service.draft_from_copy(data.pop("text"), **data)
    except IngestError as exc:
        return _failure([_error(field, reason, "unparsable") for field, reason in exc.problems])


def _reported(result: service.IngestResult) -> dict:
    if result.error is not None:
        return _failure([_error(None, str(result.error), "conflict")])
    return {"outcome": result.outcome, "id": result.article.pk}


def _error(field, reason, code) -> dict:
    return {"field": field, "in": "body", "reason": reason, "code": code}


def _failure(errors) -> dict:
    return {"outcome": "error", "id": None, "errors": errors}
