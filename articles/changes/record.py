"""Recording changes in the outbox, in the transaction that makes them.

Why a reader paging by id misses nothing. Ids come from a sequence when a row is inserted,
but transactions commit in their own order: were ids 7 and 8 written by two transactions
and 8 committed first, a reader could page past 8 and never see 7. So on PostgreSQL an
event's id is given again when its transaction commits: a deferred constraint trigger
(migration 0009) takes a transaction-level advisory lock, which is kept until the commit
is done, and renumbers the transaction's events from the sequence. The next committing
transaction numbers its events only once the previous one is visible, so committed ids
only ever grow, and an event not visible yet will get a larger id than every visible one.
As the lock is taken while committing, after the transaction's last statement, writers
queue only for the commit itself, wherever in a write its events were recorded. SQLite
lets one transaction write at a time anyway, which gives the same order.

One article gets at most one event per atomic block: a second record in the same block (an
update that re-tagged the article, say) amends the first, keeping the weightier kind and
the latest version. Writes in blocks of their own, such as two service calls inside one
outer transaction, keep an event each. After the commit, the webhook dispatcher is told
(`articles.webhooks.runner`).
"""

from django.db import connection, transaction

from articles.models import ChangeEvent, ChangeKind

WEIGHT = {
    ChangeKind.RETAGGED: 0,
    ChangeKind.UPDATED: 1,
    ChangeKind.CREATED: 2,
    ChangeKind.DELETED: 3,
}


def change_rows(articles) -> list[dict]:
    """What an event needs of each article, read now: for a deletion, call this before
    `delete()` clears the article's id."""
    return [
        {
            "article_id": article.pk,
            "version": article.version,
            "tombstone": {
                "headline": article.headline,
                "canonical_url": article.canonical_url,
                "external_id": article.external_id,
            },
        }
        for article in articles
    ]


def record_changes(kind: ChangeKind, articles_or_rows) -> None:
    """Insert an event of this kind for each article (or `change_rows` row), in the
    caller's transaction (in one of its own outside a transaction), in one bulk insert."""
    rows = [item if isinstance(item, dict) else change_rows([item])[0] for item in articles_or_rows]
    if not rows:
        return
    with transaction.atomic(savepoint=False):
        written = _written_in_this_block()
        new = [
            ChangeEvent(
                kind=kind,
                article_id=row["article_id"],
                version=row["version"],
                tombstone=row["tombstone"] if kind == ChangeKind.DELETED else None,
            )
            for row in rows
            if not _amended(written.events.get(row["article_id"]), kind, row)
        ]
        ChangeEvent.objects.bulk_create(new)
        written.events.update((event.article_id, event) for event in new)


def _amended(earlier: ChangeEvent | None, kind: ChangeKind, row: dict) -> bool:
    """Fold this change into the article's event earlier in the block, if any.

    False when there is none, or when it was undone with a rolled-back savepoint.
    """
    if earlier is None:
        return False
    earlier.kind = max(earlier.kind, kind, key=lambda name: WEIGHT[name])
    earlier.version = row["version"]
    earlier.tombstone = row["tombstone"] if earlier.kind == ChangeKind.DELETED else None
    fields = {"kind": earlier.kind, "version": earlier.version, "tombstone": earlier.tombstone}
    return ChangeEvent.objects.filter(pk=earlier.pk).update(**fields) == 1


class _Written:
    """The events of the current atomic block, by article.

    Kept among the commit callbacks, which Django files under the savepoints open when they
    were added and drops when one of those is rolled back: exactly this record's lifetime.
    """

    def __init__(self):
        self.events: dict[int, ChangeEvent] = {}

    def __call__(self):
        pass  # what the commit sets off is `_committed`, once per transaction


def _written_in_this_block() -> _Written:
    block = set(connection.savepoint_ids)
    for savepoints, callback, *_ in connection.run_on_commit:
        if isinstance(callback, _Written) and savepoints == block:
            return callback
    written = _Written()
    transaction.on_commit(written)
    if not any(entry[1] is _committed for entry in connection.run_on_commit):
        transaction.on_commit(_committed, robust=True)  # a failure is logged, not raised
    return written


def _committed() -> None:
    from articles.webhooks.runner import changes_committed

    changes_committed()
