"""The OpenAPI schema is a tested artifact: valid, complete, and true to the responses."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from articles.stories.service import assign_stories
from tests.factories import ArticleFactory, tag

pytestmark = pytest.mark.django_db

# The schema and the pages that render it, and the redirect from / to the docs.
NOT_IN_SCHEMA = {"/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/", "/"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def api_routes(patterns=None, prefix=""):
    """Every route the URLconf resolves outside the admin, in OpenAPI path syntax."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", str(pattern.pattern))
        route = route.replace("^", "").replace("$", "")
        if isinstance(pattern, URLResolver) and not route.startswith("admin/"):
            yield from api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith("admin/"):
            # drf-spectacular names the primary key after the model field, as clients see it.
            yield "/" + route.replace("{pk}", "{id}")


def test_spectacular_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_schema_is_valid_openapi_3_1(schema):
    assert schema["openapi"].startswith("3.1")
    validate(schema)


def test_every_api_route_is_in_the_schema(schema):
    routes = set(api_routes()) - NOT_IN_SCHEMA
    assert routes, "no API routes found"
    assert routes == set(schema["paths"])


def test_every_operation_is_documented(schema):
    for path, method, operation in operations(schema):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert operation.get("description"), where
        assert operation.get("tags"), where
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (where, parameter["name"])
            assert parameter.get("schema", {}).get("type"), (where, parameter["name"])
            assert "example" in parameter or "examples" in parameter, (where, parameter["name"])
        for status, response in operation["responses"].items():
            assert response.get("description"), (where, status)
        assert {"400", "500"} <= set(operation["responses"]), where


def test_errors_are_documented_as_problem_details(schema):
    create = schema["paths"]["/api/v1/articles/"]["post"]
    for status in ("400", "401", "403", "409", "413", "415", "429"):
        content = create["responses"][status]["content"]
        assert list(content) == ["application/problem+json"], status
        assert content["application/problem+json"]["schema"]["$ref"].endswith("/Problem")


def test_writes_need_the_bearer_scheme_and_reads_do_not(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer",
        "description": "An API token from `manage.py issue_token`; reads need none.",
    }  # fmt: skip
    articles = schema["paths"]["/api/v1/articles/"]
    assert {} in articles["get"]["security"]
    assert articles["post"]["security"] == [{"bearerAuth": []}]


def test_create_and_detail_carry_examples(schema):
    create = schema["paths"]["/api/v1/articles/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["examples"]
    detail = schema["paths"]["/api/v1/articles/{id}/"]["get"]
    assert detail["responses"]["200"]["content"]["application/json"]["examples"]


def response_validator(schema, path, method="get", status="200", media=None):
    content = schema["paths"][path][method]["responses"][status]["content"]
    media = (media or next(iter(content))).split(";")[0]
    target = content[media]["schema"]
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(schema))
    # Refs in the document are local ("#/components/..."); anchor them to the document.
    rooted = {"$ref": "urn:api#" + target["$ref"][1:]} if "$ref" in target else target
    return Draft202012Validator(rooted, registry=registry)


def test_read_responses_conform_to_the_schema(api, world, schema):
    article = ArticleFactory(byline="Ann Lee", dateline="BAKU", dateline_region=world["baku"])
    article.related_articles.add(ArticleFactory())
    tag(article, world["baku"], mentions=[{"role": "body", "start": 0, "end": 4, "text": "Baku"}])
    assign_stories([article])
    world["russia"].sources.create(
        name="TASS", slug="tass", kind="agency", feed_url="https://tass.example/rss"
    )
    reads = {
        "/api/v1/articles/": "/api/v1/articles/",
        "/api/v1/articles/{id}/": f"/api/v1/articles/{article.pk}/",
        "/api/v1/sources/": "/api/v1/sources/",
        "/api/v1/sources/{slug}/": "/api/v1/sources/tass/",
        "/api/v1/sources/{slug}/health/": "/api/v1/sources/tass/health/",
        "/api/v1/sections/": "/api/v1/sections/",
        "/api/v1/sections/{slug}/": "/api/v1/sections/world/",
        "/api/v1/regions/": "/api/v1/regions/",
        "/api/v1/regions/{slug}/": "/api/v1/regions/nagorno-karabakh/",
        "/api/v1/stories/": "/api/v1/stories/",
        "/api/v1/stories/{id}/": f"/api/v1/stories/{article.story_id}/",
        "/api/v1/changes/": "/api/v1/changes/",
        "/healthz": "/healthz",
        "/readyz": "/readyz",
        "/feeds/articles.json": "/feeds/articles.json",
        # Also sparse and in ninjs: documented as the same operations.
        "/api/v1/articles/?fields=id,headline": "/api/v1/articles/?fields=id,headline",
        "/api/v1/articles/?format=ninjs": "/api/v1/articles/?format=ninjs",
        "/api/v1/articles/{id}/?format=ninjs": f"/api/v1/articles/{article.pk}/?format=ninjs",
    }
    # Prometheus text and XML feeds are documented as text, not validated as JSON here.
    not_json = {"/metrics", "/feeds/articles.rss", "/feeds/articles.atom"}
    # Reads that need a token; tests/webhooks checks their responses against the schema.
    token_reads = {
        "/api/v1/webhooks/",
        "/api/v1/webhooks/{id}/",
        "/api/v1/webhooks/{id}/deliveries/",
    }
    documented_reads = {path for path, method, _ in operations(schema) if method == "get"}
    assert documented_reads == {path.split("?")[0] for path in reads} | not_json | token_reads
    for path, url in reads.items():
        response = api.get(url)
        assert response.status_code == 200, url
        validator = response_validator(schema, path.split("?")[0], media=response["Content-Type"])
        errors = list(validator.iter_errors(response.json()))
        assert not errors, (url, [error.message for error in errors[:3]])


def test_problem_responses_conform_to_the_schema(api, schema):
    response = api.get("/api/v1/articles/", {"bogus": "1"})
    validator = response_validator(schema, "/api/v1/articles/", status="400")
    assert not list(validator.iter_errors(response.json()))


def test_docs_pages_are_served_with_local_assets(api):
    for page in ("/api/v1/docs/", "/api/v1/redoc/"):
        response = api.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assert "googleapis" not in html
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assets = re.findall(r'src="([^"]+\.js)"', html)
        assert assets, page
        for asset in assets:
            assert asset.startswith("/static/"), asset


def test_committed_schema_matches_the_generated_one(tmp_path):
    committed = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
    call_command("spectacular", "--file", tmp_path / "generated.yaml")
    generated = (tmp_path / "generated.yaml").read_text()
    assert committed.read_text() == generated, (
        "The API changed: review the difference and run `make schema` to accept it."
    )
