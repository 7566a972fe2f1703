"""Reads from the replica, writes to the primary, and reads after a write from the primary.

Active when DATABASE_REPLICA_URL is set. A replica lags behind its primary, so once a
unit of work (an HTTP request, a job-queue task) has written, the rest of it reads from the
primary and sees its own writes. So does everything inside a transaction on the primary,
where a replica could not see the rows and `select_for_update` must lock the primary's.
"""

from contextvars import ContextVar

from celery.signals import task_prerun
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"

_has_written = ContextVar("newsapi_has_written", default=False)


def has_written() -> bool:
    """Whether the current unit of work has written to the primary."""
    return _has_written.get()


def start_unit_of_work():
    """Forget earlier writes: the next reads may go to the replica. Returns a token for
    `end_unit_of_work`."""
    return _has_written.set(False)


def end_unit_of_work(token) -> None:
    _has_written.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if has_written() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Django also asks here before reads that precede a write (get_or_create,
        # select_for_update): those read the primary too, which is what they need.
        _has_written.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows live in both: an object read from the replica may refer to one
        # read from the primary.
        both = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        return True if {obj1._state.db, obj2._state.db} <= both else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica gets the schema by replication


class ReadYourWritesMiddleware:
    """First in MIDDLEWARE: each request starts reading from the replica, whatever the
    previous request on this thread wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_unit_of_work()
        try:
            return self.get_response(request)
        finally:
            end_unit_of_work(token)


@task_prerun.connect(dispatch_uid="newsapi-db-router-task-prerun")
def _task_starts_fresh(**kwargs):
    # A worker process runs task after task in one context; a write of the previous task
    # must not send this one's reads to the primary.
    start_unit_of_work()
