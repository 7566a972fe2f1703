"""Reads go to the replica; writes, and a request's or task's reads after its first write,
go to the primary."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from celery.signals import task_prerun
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone

from articles.models import ApiToken, Article, ContentState, Section
from newsapi.db_router import (
    PrimaryReplicaRouter,
    ReadYourWritesMiddleware,
    end_unit_of_work,
    start_unit_of_work,
)

ROOT = Path(__file__).resolve().parent.parent
ROUTER = "newsapi.db_router.PrimaryReplicaRouter"
MIDDLEWARE = "newsapi.db_router.ReadYourWritesMiddleware"
router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def unit_of_work():
    """Each test starts as a fresh request would, and leaves no write behind."""
    token = start_unit_of_work()
    yield
    end_unit_of_work(token)


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


def test_reads_go_to_the_replica_until_the_first_write_then_to_the_primary():
    assert router.db_for_read(Article) == "replica"
    assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Section) == "default"


def test_reads_inside_a_transaction_on_the_primary_go_to_the_primary(monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Article) == "default"


def test_querysets_are_routed_by_the_router(routed):
    assert Article.objects.all().db == "replica"
    assert Article.objects.select_for_update().db == "default"
    assert Article.objects.all().db == "default"  # select_for_update is a write's read


def test_each_request_starts_on_the_replica_and_reads_its_own_writes_from_the_primary():
    def view(request):
        seen = [router.db_for_read(Article)]
        router.db_for_write(Article)
        return [*seen, router.db_for_read(Article)]

    middleware = ReadYourWritesMiddleware(view)
    router.db_for_write(Article)  # an earlier write on this thread, outside the request
    assert middleware(None) == ["replica", "default"]
    assert middleware(None) == ["replica", "default"]
    assert router.db_for_read(Article) == "default"  # the outer state comes back


def test_a_request_that_fails_still_leaves_the_next_one_on_the_replica():
    def failing_view(request):
        router.db_for_write(Article)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        ReadYourWritesMiddleware(failing_view)(None)
    assert router.db_for_read(Article) == "replica"


def test_each_job_queue_task_starts_on_the_replica():
    router.db_for_write(Article)  # the previous task on this worker wrote
    task_prerun.send(sender=None, task_id="t1", task=None, args=(), kwargs={})
    assert router.db_for_read(Article) == "replica"


@pytest.mark.parametrize(
    ("first", "second", "allowed"),
    [("default", "replica", True), ("replica", "replica", True), ("replica", "other", None)],
)
def test_objects_from_primary_and_replica_may_refer_to_each_other(first, second, allowed):
    one, two = Section(), Section()
    one._state.db, two._state.db = first, second
    assert router.allow_relation(one, two) is allowed


@pytest.mark.parametrize(("alias", "allowed"), [("default", True), ("replica", False)])
def test_only_the_primary_is_migrated(alias, allowed):
    assert router.allow_migrate(alias, "articles", model_name="article") is allowed


def settings_with(**env):
    """The database settings a fresh process reads from this environment."""
    script = (
        "import json, newsapi.settings as s; print(json.dumps({'databases': s.DATABASES, "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE}))"
    )
    environment = {"PATH": os.environ["PATH"], **env}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_a_replica_url_adds_a_replica_configured_like_the_primary_and_the_router():
    found = settings_with(
        DATABASE_URL="postgres://postgres@db.example:5432/news",
        DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/news",
    )
    primary, replica = found["databases"]["default"], found["databases"]["replica"]
    assert replica["HOST"] == "replica.example"
    assert replica["USER"] == "reader"
    assert replica["TEST"] == {"MIRROR": "default"}
    for key in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS", "NAME"):
        assert replica[key] == primary[key], key
    assert replica["ENGINE"] == "django_prometheus.db.backends.postgresql"
    assert found["routers"] == [ROUTER]
    assert found["middleware"][0] == MIDDLEWARE


def test_without_a_replica_url_there_is_one_database_and_no_router():
    found = settings_with(DATABASE_URL="postgres://postgres@db.example:5432/news")
    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []
    assert MIDDLEWARE not in found["middleware"]


# Two real databases on one PostgreSQL server: the primary's test database, and a copy of
# it under another name standing in for the replica. Nothing replicates between them, so
# rows that differ show which one answered.

REPLICA_NAME = f"h6_router_replica_{os.getpid()}"


def server(database_settings):
    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    params = {arg: database_settings[key] for key, arg in keys.items() if database_settings[key]}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


@pytest.fixture
def copy_to_replica(transactional_db, settings):
    """Copies the primary's test database as it is then, and routes reads to the copy."""
    primary = connections["default"]
    copied = []

    def copy():
        primary.close()  # PostgreSQL copies a database only while nobody is connected to it
        with server(primary.settings_dict) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{REPLICA_NAME}"')
            template = primary.settings_dict["NAME"]
            admin.execute(f'CREATE DATABASE "{REPLICA_NAME}" TEMPLATE "{template}"')
        config = {**primary.settings_dict, "NAME": REPLICA_NAME}
        # Not in DATABASES, so the test case's guard against undeclared databases allows it.
        connections["replica"] = load_backend(config["ENGINE"]).DatabaseWrapper(config, "replica")
        settings.DATABASE_ROUTERS = [ROUTER]
        settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
        settings.SHARED_CACHE = False  # every request must reach a database
        copied.append(REPLICA_NAME)

    yield copy
    if copied:
        connections["replica"].close()
        del connections["replica"]
    with server(primary.settings_dict) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{REPLICA_NAME}"')


@contextmanager
def statements():
    """Every statement sent to either database, in order: (alias, first word, whether
    inside a transaction). Reads of the content version, which always go to the primary
    (a lagging replica's version would validate stale cached lists), are checked apart."""
    log = []

    def record(execute, sql, params, many, context):
        database = context["connection"]
        if "articles_contentstate" in sql and sql.lstrip().upper().startswith("SELECT"):
            assert database.alias == "default", "the content version is read from the primary"
        else:
            verb = sql.split(None, 1)[0].upper()
            log.append((database.alias, verb, database.in_atomic_block))
        return execute(sql, params, many, context)

    primary, replica = connections["default"], connections["replica"]
    with primary.execute_wrapper(record), replica.execute_wrapper(record):
        yield log


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two databases on one PostgreSQL server (set DATABASE_URL to PostgreSQL)",
)
# "__all__" admits a configured replica alias, which the copy then stands in for.
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_lists_read_the_replica_and_a_write_reads_the_primary_until_the_request_ends(
    editor, copy_to_replica
):
    Section.objects.create(name="World", slug="world")
    ApiToken.objects.update(last_used_at=timezone.now())  # so authenticating writes nothing
    # A migration makes this row; an earlier test's flush removes it, and re-making it
    # would be a write (and so send the request's reads to the primary).
    ContentState.objects.get_or_create(pk=1)
    copy_to_replica()
    Section.objects.using("replica").filter(slug="world").update(name="World (replica)")

    with statements() as listed:
        names = [s["name"] for s in editor.get("/api/v1/sections/").json()["results"]]
    assert names == ["World (replica)"]
    assert {alias for alias, *_ in listed} == {"replica"}

    with statements() as posted:
        response = editor.post(
            "/api/v1/articles/",
            {"headline": "Routed", "body": "One paragraph.", "published_at": timezone.now(),
             "section": "world"},
        )  # fmt: skip
    assert response.status_code == 201, response.json()
    first_write = next(i for i, (_, verb, _) in enumerate(posted) if verb == "INSERT")
    before, after = posted[:first_write], posted[first_write:]
    assert {alias for alias, *_ in before} == {"replica"}  # the token and the section
    assert {alias for alias, *_ in after} == {"default"}
    assert ("default", "SELECT", False) in after  # after the write's transaction, too
    created = response.json()["id"]
    assert Article.objects.using("default").filter(pk=created).exists()

    with statements() as listed_again:
        ids = [a["id"] for a in editor.get("/api/v1/articles/").json()["results"]]
    assert created not in ids  # the copy never received the write
    assert {alias for alias, *_ in listed_again} == {"replica"}
