"""Contract fuzzing: every operation of the live OpenAPI schema, over a real HTTP server.

Schemathesis reads the schema that the running API serves and sends it schema-valid and
schema-violating requests (the documented examples, boundary values of every parameter and
field, unexpected methods and media types, random data), then stateful sequences that follow
links from a stored source or section to a new article and on to its reads and writes. No
response may be a server error, and every response must match the schema: documented status
code, content type, headers and body; so must the other checks Schemathesis runs by default.

A defect that cannot be fixed at once goes into KNOWN_DEFECTS, with a matcher that
recognises exactly its failures (the run drops those, and counts them) and a reproduction
marked xfail(strict=True), so that the fix shows up as an unexpected pass. The requests that
broke the contract before stay below as plain regression tests.
"""

import hashlib
import json
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import requests
import schemathesis
from django.contrib.auth.models import Permission, User
from django.core.servers.basehttp import WSGIRequestHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from jsonschema import Draft202012Validator
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.engine import context as engine_context
from schemathesis.engine import events, from_schema
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from articles.gazetteer_sync import sync_regions
from articles.ingestion.gazetteer import load_gazetteer
from articles.models import ApiToken
from articles.throttling import AnonThrottle, ScopedThrottle, UserThrottle
from tests.factories import ArticleFactory, SectionFactory, SourceFactory, tag

SEED = 20261125
MIN_CALLS = 1000
SCHEMA_PATH = "/api/v1/schema/?format=json"
ARTICLES = "/api/v1/articles/"
ARTICLE = "/api/v1/articles/{id}/"
INGEST = "/api/v1/articles/ingest/"
TEXT_ROUTES = {INGEST, "/api/v1/articles/parse/", "/api/v1/regions/tag/"}
POST_ONLY_ROUTES = {*TEXT_ROUTES, "/api/v1/articles/bulk/"}
STATEFUL_LISTS = {ARTICLES, "/api/v1/sources/", "/api/v1/sections/"}
ARTICLE_WRITES = {(ARTICLES, "POST"), (ARTICLE, "PUT"), (ARTICLE, "PATCH")}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
EDITOR_PERMISSIONS = ["add_article", "change_article", "delete_article"]

# Rows that the documented examples and the stateful writes name.
SOURCES = ["reuters", "sputnik"]
SECTIONS = ["business", "world"]
REGIONS = ["ukraine", "odesa", "armenia", "yerevan"]

VALID_DATA_STATUSES = ["2xx", "3xx", "400", "401", "403", "404", "409", "412", "422", "429", "5xx"]

CONFIG = {
    "seed": SEED,
    "workers": 1,
    "continue-on-failure": True,
    "request-timeout": 30,
    # Derandomized, with no example database: the same cases on every run.
    "generation": {
        "mode": "all",
        "deterministic": True,
        "database": "none",
        "max-examples": 12,
        "no-shrink": True,
    },
    # The links below drive the stateful phase; links Schemathesis would infer on top of them
    # (from Location headers and from field names) mostly lead to reads the other phases cover.
    "phases": {"stateful": {"generation": {"max-examples": 50}, "inference": {"algorithms": []}}},
    # Stateful sequences are about the article's life: stored sources and sections feed a new
    # article, which is read, replaced, patched and deleted. The other operations are read-only
    # and covered by the other phases; left out here, they leave the budget to the writes.
    "operations": [
        {
            "include-path-regex": r"^/(feeds/|healthz|readyz|metrics)|^/api/v1/regions/"
            r"|^/api/v1/(sources|sections)/\{slug\}/$|^/api/v1/articles/(parse|bulk)/$",
            "phases": {"stateful": {"enabled": False}},
        }
    ],
    "checks": {
        # Schema-valid data may still be refused on its merits: a slug that names no stored
        # row (400), an If-Match naming another version (412), an Idempotency-Key used before
        # with another request (422). It must never be refused for its media type, method or
        # size. (Server errors are the business of `not_a_server_error`.)
        "positive_data_acceptance": {"expected-statuses": VALID_DATA_STATUSES},
    },
}


# The schema as served ------------------------------------------------------------------------


def body_errors(case, raw_schema) -> list:
    """How the body that a case sent breaks the operation's request schema."""
    operation = raw_schema["paths"][case.operation.path][case.method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    if case.media_type not in content:
        return []
    schema = {**content[case.media_type]["schema"], "components": raw_schema["components"]}
    return list(Draft202012Validator(schema).iter_errors(case.body))


@dataclass
class Contract:
    """The schema as served, and what the hooks read from it."""

    raw_schema: dict

    @property
    def documented_keys(self) -> set[str]:
        return {
            parameter["example"]
            for item in self.raw_schema["paths"].values()
            for method, operation in item.items()
            if method in HTTP_METHODS
            for parameter in operation.get("parameters", [])
            if parameter["name"] == "Idempotency-Key" and "example" in parameter
        }

    def declared_fields(self, case) -> set[str]:
        operation = self.raw_schema["paths"][case.operation.path][case.method.lower()]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        if "$ref" in schema:
            schema = self.raw_schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return set(schema.get("properties", {}))


# Known defects, and behaviour that only looks like one -------------------------------------


@dataclass(frozen=True)
class Defect:
    """Failures of the given kinds that `matches(failure, case, response, contract)`
    recognises as this defect."""

    name: str
    failures: tuple[type, ...]
    matches: Callable


# None open: each defect the run found has been fixed (see the regression tests below).
KNOWN_DEFECTS: list[Defect] = []


def bulk_reports_each_bad_item(failure, case, response, contract) -> bool:
    """Not a defect: a batch of 1 to 100 items is answered 200 with an outcome per item,
    so schema-violating items come back as `error` outcomes, not as a 400."""
    if case.operation.path != "/api/v1/articles/bulk/" or response.status_code != 200:
        return False
    items = case.body if isinstance(case.body, list) else []
    errors = body_errors(case, contract.raw_schema)
    if not items or not errors or any(not error.absolute_path for error in errors):
        return False
    outcomes = {result["index"]: result["outcome"] for result in response.json()["results"]}
    return all(outcomes.get(error.absolute_path[0]) == "error" for error in errors)


BY_DESIGN = [
    Defect(
        "bulk answers each bad item (by design)",
        (AcceptedNegativeData,),
        bulk_reports_each_bad_item,
    )
]


make_engine_session = engine_context.make_session


# The live server and its data ----------------------------------------------------------------


@pytest.fixture
def roomy_limits(monkeypatch):
    """Rate limits far above the run's pace, so that every answer is deterministic."""
    rates = dict.fromkeys(["anon", "user", "ingest", "geoparse"], "1000000/min")
    for throttle in (AnonThrottle, UserThrottle, ScopedThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)


@pytest.fixture
def prompt_live_server(live_server, monkeypatch):
    """The test server writes headers and body apart; without TCP_NODELAY each request on a
    kept-alive connection waits out the client's delayed ACK (about 40 ms)."""
    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)
    return live_server


@pytest.fixture
def closing_http_sessions(monkeypatch):
    """Schemathesis keeps its HTTP sessions open after a run. The server thread behind a
    kept-alive connection holds a database connection until the client hangs up, and an
    open one keeps the test database from being dropped: close them, and wait for those
    threads to end."""
    sessions = []

    def make_session(*args, **kwargs):
        sessions.append(make_engine_session(*args, **kwargs))
        return sessions[-1]

    monkeypatch.setattr(engine_context, "make_session", make_session)
    yield
    for session in sessions:
        session.close()
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=10)


def editor_token() -> str:
    editor = User.objects.create(username="editor")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    return ApiToken.issue(editor)[1]


@pytest.fixture
def newsroom(django_db_reset_sequences, world):
    """Regions, sources, sections and tagged articles, and an editor's token."""
    gazetteer = load_gazetteer()
    extra = [place.key for place in gazetteer.places.values() if place.slug in REGIONS]
    sync_regions(gazetteer, only=extra)
    sources = [SourceFactory(name=slug.title(), slug=slug) for slug in SOURCES]
    sections = [SectionFactory(name=slug.title(), slug=slug) for slug in SECTIONS]
    for n in range(6):
        article = ArticleFactory(source=sources[n % 2], section=sections[n % 2])
        tag(article, world["yerevan"] if n % 2 else world["baku"])
    return editor_token()


# Links between operations, and realistic writes ----------------------------------------------


def add_article_links(raw_schema) -> dict:
    """OpenAPI links between the article operations, where the schema gives none: a stored
    source or section feeds a new article; its id feeds a read; the read's ETag feeds a
    conditional write or delete, which is read back in turn."""
    ids = {
        (path, method): operation["operationId"]
        for path, item in raw_schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }
    created = {"path.id": "$response.body#/id"}
    versioned = {**created, "header.If-Match": "$response.header.ETag"}
    same = {"path.id": "$request.path.id"}

    def to_article(parameters, *methods):
        return {
            f"{method}-article": {"operationId": ids[(ARTICLE, method)], "parameters": parameters}
            for method in methods
        }

    def to_new_article(field):
        body = {field: "$response.body#/results/0/slug"}
        return {"new-article": {"operationId": ids[(ARTICLES, "post")], "requestBody": body}}

    plan = {
        ("/api/v1/sources/", "get", "200"): to_new_article("source"),
        ("/api/v1/sections/", "get", "200"): to_new_article("section"),
        (ARTICLES, "get", "200"): to_article({"path.id": "$response.body#/results/0/id"}, "get"),
        (ARTICLES, "post", "201"): to_article(created, "get"),
        (INGEST, "post", "201"): to_article(created, "get"),
        (ARTICLE, "get", "200"): to_article(versioned, "put", "patch", "delete"),
        (ARTICLE, "put", "200"): to_article(created, "get"),
        (ARTICLE, "patch", "200"): to_article(created, "get"),
        (ARTICLE, "delete", "204"): to_article(same, "get"),
    }
    for (path, method, status), links in plan.items():
        raw_schema["paths"][path][method]["responses"][status].setdefault("links", links)
    return raw_schema


def request_key(case) -> str:
    """An Idempotency-Key per distinct request: a repeat replays, another request is new."""
    body = json.dumps(case.body, sort_keys=True, default=repr)
    return hashlib.sha256(f"{case.method} {case.formatted_path}\n{body}".encode()).hexdigest()


def pick(options: list[str], value) -> str:
    return options[len(str(value)) % len(options)]


def realistic(case, contract):
    """Generated writes reuse the documented Idempotency-Key example, which would turn every
    request after the first into a 422: each distinct request gets a key of its own.

    In stateful sequences, valid requests are shaped to succeed, so that each step feeds the
    next: lists are read without filters (random filter values mostly name nothing stored,
    and the other phases cover them), and writes name stored sources, sections and regions,
    carry no fields beyond the declared ones and no control characters (the schema allows
    both, the API refuses them), and a canonical URL and external id of their own."""
    headers = case.headers if case.headers is not None else {}
    if headers.get("Idempotency-Key") in contract.documented_keys:
        headers["Idempotency-Key"] = request_key(case)
    meta = case.meta
    if (
        meta is None
        or meta.phase.name != TestPhase.STATEFUL
        or meta.generation.mode != GenerationMode.POSITIVE
    ):
        return case
    if case.method == "GET" and case.operation.path in STATEFUL_LISTS:
        case.query = {}
    elif (case.operation.path, case.method) in ARTICLE_WRITES and isinstance(case.body, dict):
        shape_write(case, contract.declared_fields(case), headers)
    return case


def shape_write(case, declared: set[str], headers) -> None:
    body, key = case.body, request_key(case)
    if "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = key
    for name in set(body) - declared:
        del body[name]
    for name, value in body.items():
        if isinstance(value, str):
            body[name] = "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")
    for name, options in (("source", SOURCES), ("section", SECTIONS), ("dateline_region", REGIONS)):
        if isinstance(body.get(name), str):
            body[name] = pick(options, body[name])
    if isinstance(body.get("regions"), list):
        body["regions"] = sorted({pick(REGIONS, region) for region in body["regions"]})
    if body.get("related_articles"):
        body["related_articles"] = []
    if body.get("canonical_url"):
        body["canonical_url"] = f"https://example.com/news/{key[:16]}"
    if body.get("external_id"):
        body["external_id"] = key[:32]


# The run ------------------------------------------------------------------------------------


@dataclass
class Run:
    calls: int = 0
    seconds: float = 0.0
    expected_operations: set[str] = field(default_factory=set)
    phases: Counter = field(default_factory=Counter)
    operations: set[str] = field(default_factory=set)
    links_followed: Counter = field(default_factory=Counter)
    known: Counter = field(default_factory=Counter)
    failures: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        known = ", ".join(f"{name} x{count}" for name, count in sorted(self.known.items()))
        failures = sum(len(examples) for examples in self.failures.values())
        return (
            f"{self.calls} calls in {self.seconds:.0f}s {dict(self.phases)}, "
            f"{len(self.operations)} operations, "
            f"{sum(self.links_followed.values())} links followed; "
            f"{failures} failures, {len(self.errors)} errors; "
            f"dropped as known: {known or 'none'}"
        )

    def failure_report(self) -> str:
        """The first example of each kind of failure, and how many more there were."""
        return "\n\n".join(
            f"{examples[0]}\n({len(examples) - 1} more like it)"
            if len(examples) > 1
            else examples[0]
            for examples in self.failures.values()
        )

    def record(self, event) -> None:
        recorder = event.recorder
        for case_id, node in recorder.cases.items():
            interaction = recorder.interactions.get(case_id)
            if interaction is None or interaction.response is None:
                continue  # not sent
            self.calls += 1
            self.phases[event.phase.value] += 1
            self.operations.add(node.value.operation.label)
            parent = node.transition and recorder.cases.get(node.transition.parent_id)
            if parent:
                self.links_followed[(parent.value.operation.label, node.value.operation.label)] += 1
        for case_id, checks in recorder.checks.items():
            label = recorder.cases[case_id].value.operation.label
            for check in checks:
                if check.failure_info is not None:
                    failure = check.failure_info.failure
                    self.failures.setdefault((label, check.name, failure.title), []).append(
                        f"{label} [{check.name}] {failure.title}\n{failure.message}\n"
                        f"{check.failure_info.code_sample}"
                    )


def run_schemathesis(base_url: str, token: str) -> Run:
    raw_schema = add_article_links(requests.get(base_url + SCHEMA_PATH, timeout=30).json())
    bearer = {"bearerAuth": {"bearer": token}}
    config = {**CONFIG, "base-url": base_url, "auth": {"auto-signup": False, "openapi": bearer}}
    schema = schemathesis.openapi.from_dict(
        raw_schema, config=schemathesis.Config.from_dict(config)
    )
    contract = Contract(raw_schema)
    run = Run()

    @schema.hook
    def map_case(context, case):
        return realistic(case, contract)

    @schema.hook
    def filter_failure(context, failure, case, response):
        for defect in [*KNOWN_DEFECTS, *BY_DESIGN]:
            if isinstance(failure, defect.failures) and defect.matches(
                failure, case, response, contract
            ):
                run.known[defect.name] += 1
                return False
        return True

    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            run.record(event)
        elif isinstance(event, events.NonFatalError):
            run.errors.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            run.errors.append(f"fatal: {event.exception!r}")
    run.seconds = time.monotonic() - started
    run.expected_operations = {
        f"{method.upper()} {path}"
        for path, item in raw_schema["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    return run


def test_every_operation_honours_the_schema(
    prompt_live_server, closing_http_sessions, newsroom, roomy_limits
):
    run = run_schemathesis(prompt_live_server.url, newsroom)
    print(run.summary())

    assert not run.errors, "\n\n".join(run.errors)
    assert not run.failures, f"{run.summary()}\n\n{run.failure_report()}"
    assert run.calls >= MIN_CALLS, run.summary()
    assert set(run.phases) == {"examples", "coverage", "fuzzing", "stateful"}, run.summary()
    assert run.operations >= run.expected_operations, run.expected_operations - run.operations
    created_then_read = run.links_followed[(f"POST {ARTICLES}", f"GET {ARTICLE}")]
    assert created_then_read, f"no new article was read back: {run.links_followed}"


# Requests that broke the contract before: one each, in process ----------------------------

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_schema(db):
    """The schema, with calls made in process and inside the test's transaction; like
    Django's test client, requests leave the test's database connection open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def editor(db):
    return {"Authorization": f"Bearer {editor_token()}"}


@pytest.mark.parametrize(
    ("method", "path", "request_", "status"),
    [
        pytest.param("GET", ARTICLE, {"path_parameters": {"id": "abc"}}, 404, id="id-not-a-number"),
        pytest.param("GET", ARTICLES, {"query": {"format": "xyz"}}, 406, id="unknown-format"),
        pytest.param(
            "GET", "/feeds/articles.json", {"query": {"q": "no such words"}}, 200, id="empty-feed"
        ),
        pytest.param(
            "PATCH",
            ARTICLE,
            {"body": {"related_stories": [{"section": "World"}]}},
            400,
            id="related-story-without-headline",
        ),
        pytest.param("PATCH", ARTICLE, {"body": {"section": ""}}, 400, id="blank-reference"),
        pytest.param("POST", "/api/v1/regions/tag/", {"body": {"text": 0}}, 400, id="number-text"),
        pytest.param("POST", "/api/v1/regions/tag/", {"body": "Paris"}, 400, id="bare-json-text"),
    ],
)
def test_a_request_that_broke_the_contract(wsgi_schema, editor, method, path, request_, status):
    request_ = {"path_parameters": {"id": ArticleFactory().pk}, **request_}
    if "body" in request_:
        request_["media_type"] = "application/json"
    case = wsgi_schema[path][method].Case(**request_)
    response = case.call_and_validate(headers=editor, checks=CONFORMANCE)
    assert response.status_code == status, response.text[:300]


@pytest.mark.parametrize("feed", ["rss", "atom", "json"])
def test_options_on_a_feed_is_no_server_error(wsgi_schema, feed):
    case = wsgi_schema[f"/feeds/articles.{feed}"]["GET"].Case(method="OPTIONS")
    case.call_and_validate(checks=[not_a_server_error])


@pytest.mark.parametrize("path", sorted(POST_ONLY_ROUTES))
def test_get_on_a_post_only_route_is_405(wsgi_schema, editor, path):
    case = wsgi_schema[path]["POST"].Case(method="GET")
    response = case.call_and_validate(
        headers=editor, checks=[not_a_server_error, allow_header_conformance]
    )
    assert response.status_code == 405
