"""The change feed: every create, update, re-tag and delete of an article, in commit order."""

from articles.models import ChangeKind

from .feed import ChangePage, PositionExpired, changes_after, prune_changes
from .record import change_rows, record_changes

__all__ = [
    "ChangeKind",
    "ChangePage",
    "PositionExpired",
    "change_rows",
    "changes_after",
    "prune_changes",
    "record_changes",
]
