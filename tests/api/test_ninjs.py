"""Articles as IPTC ninjs 3.1, by `Accept: application/ninjs+json` or `?format=ninjs`.

Every ninjs body is checked against IPTC's own schema, vendored unchanged in tests/ninjs/.
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.factories import ArticleFactory, SourceFactory, tag

pytestmark = pytest.mark.django_db

NINJS = "application/ninjs+json"
LIST_URL = "/api/v1/articles/"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "ninjs" / "ninjs-schema.json"
PUBLISHED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def ninjs_validator():
    schema = json.loads(SCHEMA_FILE.read_text())
    validator_class = validator_for(schema)
    assert validator_class is Draft202012Validator  # the schema's own `$schema` says so
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def absolute_uris(value):
    """Every `uri` in a ninjs item, anywhere in it."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "uri":
                yield child
            yield from absolute_uris(child)
    elif isinstance(value, list):
        for child in value:
            yield from absolute_uris(child)


def assert_valid_ninjs(validator, item):
    errors = sorted(validator.iter_errors(item), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors[:5]]
    for uri in absolute_uris(item):  # "format": "uri" means absolute
        assert urlsplit(uri).scheme in ("http", "https"), uri
        assert urlsplit(uri).netloc, uri


def get_ninjs(api, url, **params):
    response = api.get(url, params, HTTP_ACCEPT=NINJS)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == NINJS
    return json.loads(response.content)


@pytest.fixture
def article(world):
    """An article with every field a ninjs item can carry."""
    source = SourceFactory(name="Reuters", slug="reuters", homepage="https://www.reuters.com/")
    related = ArticleFactory(
        headline="Talks on the corridor resume", published_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    article = ArticleFactory(
        headline="Ceasefire holds along the border",
        summary="Both sides reported a quiet night.",
        body="Both sides reported a quiet night.\n\nMonitors will visit on Friday.",
        byline="Ann Lee",
        dateline="BAKU",
        dateline_region=world["baku"],
        source=source,
        language="en-GB",
        external_id="wire-0042",
        canonical_url="https://example.com/news/ceasefire-holds",
        published_at=PUBLISHED,
        version=3,
    )
    article.related_articles.add(related)
    tag(article, world["baku"], relevance=1.0)
    tag(article, world["nagorno-karabakh"], is_main=False, relevance=0.4)
    tag(article, world["azerbaijan"], relevance=0.6)
    article.refresh_from_db()
    return article


def test_article_as_ninjs_carries_every_field(api, article, world, ninjs_validator):
    item = get_ninjs(api, f"{LIST_URL}{article.pk}/")
    assert_valid_ninjs(ninjs_validator, item)
    related = article.related_articles.get()
    baku = {
        "name": "Baku",
        "literal": "baku",
        "uri": f"https://sws.geonames.org/{world['baku'].geonames_id}/",
        "contactInfo": [{"type": "address", "address": {"country": "AZ", "locality": "Baku"}}],
    }
    assert item == {
        "uri": f"http://testserver/api/v1/articles/{article.pk}/",
        "type": "text",
        "representationType": "full",
        "version": "3",
        "firstCreated": "2026-03-01T09:30:00Z",
        "versionCreated": article.updated_at.isoformat().replace("+00:00", "Z"),
        "language": "en-GB",
        "headlines": [{"role": "main", "value": "Ceasefire holds along the border"}],
        "descriptions": [
            {
                "role": "summary",
                "contentType": "text/plain",
                "value": "Both sides reported a quiet night.",
            }
        ],
        "bodies": [
            {
                "contentType": "text/plain",
                "value": article.body,
                "charCount": len(article.body),
                "wordCount": 11,
            }
        ],
        "by": "Ann Lee",
        "located": "BAKU",
        "places": [
            {**baku, "rel": "located"},
            {**baku, "rel": "main"},
            {
                "name": "Azerbaijan",
                "rel": "main",
                "literal": "azerbaijan",
                "uri": f"https://sws.geonames.org/{world['azerbaijan'].geonames_id}/",
                "contactInfo": [{"type": "address", "address": {"country": "AZ"}}],
            },
            # No ISO code and no GeoNames id: neither is invented.
            {"name": "Nagorno-Karabakh", "rel": "mentioned", "literal": "nagorno-karabakh"},
        ],
        "subjects": [
            {
                "name": "World",
                "rel": "section",
                "literal": "world",
                "uri": "http://testserver/api/v1/sections/world/",
            }
        ],
        "infoSources": [
            {
                "name": "Reuters",
                "role": "source",
                "literal": "reuters",
                "uri": "http://testserver/api/v1/sources/reuters/",
                "contactInfo": [
                    {"type": "web", "name": "Home page", "value": "https://www.reuters.com/"}
                ],
            }
        ],
        "associations": [
            {
                "name": "Talks on the corridor resume",
                "rel": "related",
                "uri": f"http://testserver/api/v1/articles/{related.pk}/",
                "type": "text",
                "firstCreated": "2026-02-01T00:00:00Z",
            }
        ],
        "altIds": [
            {"role": "externalId", "value": "wire-0042"},
            {"role": "canonicalUrl", "value": "https://example.com/news/ceasefire-holds"},
        ],
    }


def test_empty_fields_are_left_out(api, ninjs_validator):
    article = ArticleFactory(source=None, section=None, summary="", byline="")
    item = get_ninjs(api, f"{LIST_URL}{article.pk}/")
    assert_valid_ninjs(ninjs_validator, item)
    assert set(item) == {
        "uri", "type", "representationType", "version", "firstCreated", "versionCreated",
        "language", "headlines", "bodies",
    }  # fmt: skip


def test_dateline_region_without_a_written_dateline_names_the_place(api, world, ninjs_validator):
    article = ArticleFactory(dateline="", dateline_region=world["yerevan"])
    item = get_ninjs(api, f"{LIST_URL}{article.pk}/")
    assert_valid_ninjs(ninjs_validator, item)
    assert item["located"] == "Yerevan"
    assert item["places"] == [
        {
            "name": "Yerevan",
            "rel": "located",
            "literal": "yerevan",
            "uri": f"https://sws.geonames.org/{world['yerevan'].geonames_id}/",
            "contactInfo": [
                {"type": "address", "address": {"country": "AM", "locality": "Yerevan"}}
            ],
        }
    ]


def test_format_parameter_asks_for_ninjs_too(api, article, ninjs_validator):
    response = api.get(f"{LIST_URL}{article.pk}/", {"format": "ninjs"})
    assert response.status_code == 200
    assert response["Content-Type"] == NINJS
    item = json.loads(response.content)
    assert_valid_ninjs(ninjs_validator, item)
    assert item["headlines"] == [{"role": "main", "value": article.headline}]


def test_json_stays_the_default_and_responses_vary_by_accept(api, article):
    for headers in ({}, {"HTTP_ACCEPT": "*/*"}, {"HTTP_ACCEPT": "application/json"}):
        response = api.get(f"{LIST_URL}{article.pk}/", **headers)
        assert response["Content-Type"] == "application/json"
        assert response.json()["id"] == article.pk
        assert "Accept" in response["Vary"]
    assert "Accept" in api.get(LIST_URL, HTTP_ACCEPT=NINJS)["Vary"]


def test_ninjs_detail_keeps_the_articles_etag(api, article):
    as_json = api.get(f"{LIST_URL}{article.pk}/")
    as_ninjs = api.get(f"{LIST_URL}{article.pk}/", HTTP_ACCEPT=NINJS)
    assert as_ninjs["ETag"] == as_json["ETag"] == f'"{article.pk}-3"'
    etag = as_ninjs["ETag"]
    again = api.get(f"{LIST_URL}{article.pk}/", HTTP_ACCEPT=NINJS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_list_as_ninjs_keeps_the_cursor_envelope(api, world, ninjs_validator):
    for day in (1, 2, 3):
        story = ArticleFactory(
            headline=f"Day {day}", published_at=datetime(2026, 3, day, tzinfo=UTC)
        )
        tag(story, world["yerevan"])
    page = get_ninjs(api, LIST_URL, page_size=2)
    assert set(page) == {"next", "previous", "results"}
    assert page["previous"] is None
    assert [item["headlines"][0]["value"] for item in page["results"]] == ["Day 3", "Day 2"]
    for item in page["results"]:
        assert_valid_ninjs(ninjs_validator, item)
        assert item["places"][0]["literal"] == "yerevan"
    # The next page is ninjs too, whether asked by header or by parameter.
    assert parse_qs(urlsplit(page["next"]).query)["page_size"] == ["2"]
    rest = json.loads(api.get(page["next"], HTTP_ACCEPT=NINJS).content)
    assert [item["headlines"][0]["value"] for item in rest["results"]] == ["Day 1"]
    by_parameter = api.get(LIST_URL, {"format": "ninjs", "page_size": 2}).json()
    assert "format=ninjs" in by_parameter["next"]


def test_list_as_ninjs_applies_the_filters(api, world, ninjs_validator):
    tag(ArticleFactory(headline="In Yerevan"), world["yerevan"])
    tag(ArticleFactory(headline="In Moscow"), world["moscow"])
    page = get_ninjs(api, LIST_URL, region="armenia")
    assert [item["headlines"][0]["value"] for item in page["results"]] == ["In Yerevan"]
    assert_valid_ninjs(ninjs_validator, page["results"][0])


def test_ninjs_list_costs_no_query_per_item(api, world):
    def queries_for_list():
        cache.clear()  # no response served from the shared cache: count the view's queries
        with CaptureQueriesContext(connection) as captured:
            response = api.get(LIST_URL, {"format": "ninjs", "page_size": 100})
        assert response.status_code == 200
        return len(captured)

    def add_article():
        story = ArticleFactory(dateline="BAKU", dateline_region=world["baku"])
        story.related_articles.add(ArticleFactory())
        tag(story, world["baku"])
        tag(story, world["azerbaijan"], is_main=False)

    add_article()
    few = queries_for_list()
    for _ in range(4):
        add_article()
    assert queries_for_list() == few


def test_errors_stay_problem_details_when_ninjs_is_asked_for(api):
    bad = api.get(LIST_URL, {"format": "ninjs", "bogus": "1"})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "bogus"
    missing = api.get(f"{LIST_URL}999999/", HTTP_ACCEPT=NINJS)
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_ninjs_is_offered_only_for_reading_articles(api, editor):
    refused = api.get("/api/v1/sources/", HTTP_ACCEPT=NINJS)
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/problem+json"
    created = editor.post(
        LIST_URL,
        {"headline": "Port reopens", "body": "Ships sailed.", "published_at": PUBLISHED},
        format="json",
        HTTP_ACCEPT=NINJS,
    )
    assert created.status_code == 406


def test_documented_ninjs_schema_is_true_to_the_responses(api, article):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    detail = schema["paths"]["/api/v1/articles/{id}/"]["get"]["responses"]["200"]["content"]
    listed = schema["paths"]["/api/v1/articles/"]["get"]["responses"]["200"]["content"]
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(schema))

    def validator(content):
        ref = content[NINJS]["schema"]["$ref"]
        return Draft202012Validator({"$ref": "urn:api" + ref}, registry=registry)

    item = get_ninjs(api, f"{LIST_URL}{article.pk}/")
    assert not list(validator(detail).iter_errors(item))
    assert not list(validator(listed).iter_errors(get_ninjs(api, LIST_URL)))
    example = detail[NINJS]["examples"]["AsNinjs"]["value"]
    assert not list(validator(detail).iter_errors(example))
