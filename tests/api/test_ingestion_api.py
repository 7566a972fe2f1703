from pathlib import Path

import pytest

from articles.models import Article, Source

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c7cf1cb365c6adee.txt"
DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo" / "copy"


def demo_copy(name_part):
    return next(path for path in sorted(DEMO.glob("*.txt")) if name_part in path.name).read_text()


def post_text(client, url, text):
    return client.generic("POST", url, text.encode(), content_type="text/plain; charset=utf-8")


@pytest.fixture
def sample():
    if not SAMPLE.exists():
        pytest.skip(f"the sample story is read from {SAMPLE}, which is not present")
    return SAMPLE.read_text()


def test_ingesting_the_sample_stores_a_structured_tagged_article(editor, sample):
    response = post_text(editor, "/api/v1/articles/ingest/", sample)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["source"]["slug"] == "sputnik"
    assert body["section"]["slug"] == "world"
    assert body["dateline"] == "MOSCOW"
    assert body["dateline_region"]["slug"] == "moscow"
    assert body["language"] == "en"
    assert body["related_stories"][0]["source"] == "Cabinet"
    assert "Discuss" not in body["body"]
    tags = {tag["region"]["slug"]: tag for tag in body["tags"]}
    assert {"armenia", "azerbaijan", "nagorno-karabakh", "moscow"} <= set(tags)
    assert tags["nagorno-karabakh"]["region"]["kind"] == "territory"
    assert tags["moscow"]["roles"][0] == "dateline"
    assert tags["armenia"]["is_main"]
    for tag in body["tags"]:
        assert tag["method"] == "automatic"
        assert 0 <= tag["confidence"] <= 1
        assert tag["mention_count"] == len(tag["mentions"])


def test_same_copy_again_returns_the_stored_article(editor):
    copy = demo_copy("pristina")
    first = post_text(editor, "/api/v1/articles/ingest/", copy)
    second = post_text(editor, "/api/v1/articles/ingest/", copy)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Article.objects.count() == 1


def test_json_ingest_takes_overrides(editor, world):
    Source.objects.create(name="Desk", slug="desk")
    response = editor.post(
        "/api/v1/articles/ingest/",
        {"text": demo_copy("taipei"), "source": "desk", "external_id": "desk-7"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["source"]["slug"], response.json()["external_id"]) == ("desk", "desk-7")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "text"),
        ("   \n  ", "text"),
        ("Only a headline here", "body"),
    ],
)
def test_copy_that_is_not_an_article_is_400_naming_what_is_missing(editor, text, field):
    response = post_text(editor, "/api/v1/articles/ingest/", text)
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Article.objects.exists()


def test_invalid_utf8_copy_is_400(editor):
    response = editor.generic(
        "POST", "/api/v1/articles/ingest/", b"\xff\xfe\x00bad", content_type="text/plain"
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_ingest_needs_permission(api, reader):
    copy = demo_copy("mombasa")
    assert post_text(api, "/api/v1/articles/ingest/", copy).status_code == 401
    assert post_text(reader, "/api/v1/articles/ingest/", copy).status_code == 403


def test_parse_previews_fields_with_spans_and_stores_nothing(api):
    copy = demo_copy("tbilisi")
    response = post_text(api, "/api/v1/articles/parse/", copy)
    assert response.status_code == 200, response.json()
    body = response.json()
    spans = {span["field"]: (span["start"], span["end"]) for span in body["spans"]}
    start, end = spans["headline"]
    assert copy[start:end] == body["headline"]
    assert body["dateline_place"] == "Tbilisi"
    countries = {region["country_code"] for region in body["regions"]}
    assert "GE" in countries
    assert "US" not in countries  # Georgia the country, not the state
    assert not Article.objects.exists()


def test_bulk_reports_each_item_and_keeps_the_good_ones(editor, world):
    items = [
        {"text": demo_copy("osaka")},
        {"headline": "Structured", "body": "A body.", "published_at": "2026-01-01T00:00:00Z"},
        {"headline": "Missing body"},
        {"text": demo_copy("osaka")},
        "not an object",
        {"text": ""},
    ]
    response = editor.post("/api/v1/articles/bulk/", items, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    outcomes = [result["outcome"] for result in body["results"]]
    assert outcomes == ["created", "created", "error", "duplicate", "error", "error"]
    assert (body["created"], body["duplicates"], body["failed"]) == (2, 1, 3)
    assert body["results"][2]["errors"][0]["field"] == "body"
    assert body["results"][3]["id"] == body["results"][0]["id"]
    assert body["results"][0]["url"].endswith(f"/articles/{body['results'][0]['id']}/")
    assert Article.objects.count() == 2


@pytest.mark.parametrize("payload", [[], {"text": "x"}, [{"text": "x"}] * 101])
def test_bulk_refuses_empty_oversized_or_non_list_batches(editor, payload):
    response = editor.post("/api/v1/articles/bulk/", payload, format="json")
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_region_tagging_service_is_public_and_explains_itself(api):
    text = "Baku said the talks on Nagorno-Karabakh would resume. The CSTO and the UN noted it."
    response = post_text(api, "/api/v1/regions/tag/", text)
    assert response.status_code == 200, response.json()
    found = {region["slug"]: region for region in response.json()["regions"]}
    assert found["baku"]["country_code"] == "AZ"
    assert found["nagorno-karabakh"]["country_code"] is None
    mention = found["baku"]["mentions"][0]
    assert text[mention["start"] : mention["end"]] == "Baku"
    assert not {slug for slug in found if "csto" in slug or slug == "un"}
    as_json = api.post("/api/v1/regions/tag/", {"text": text}, format="json")
    assert as_json.json() == response.json()


def test_region_tagging_refuses_oversized_text(api):
    response = api.post("/api/v1/regions/tag/", {"text": "Paris " * 20_000}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "text"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region_role": "dateline"}, {"Tbilisi election", "Osaka marathon"}),
        ({"region": "georgia", "region_role": "dateline"}, {"Tbilisi election"}),
        ({"region": "japan", "region_role": "dateline"}, {"Osaka marathon"}),
        ({"region": "armenia", "region_role": "dateline"}, set()),
        ({"main_region": "japan"}, {"Osaka marathon"}),
        ({"min_confidence": "0.5", "region": "japan"}, {"Osaka marathon"}),
    ],
)
def test_tag_filters_on_the_article_list(editor, api, world, params, expected):
    for name, headline in [("tbilisi", "Tbilisi election"), ("osaka", "Osaka marathon")]:
        copy = demo_copy(name)
        response = post_text(editor, "/api/v1/articles/ingest/", copy)
        Article.objects.filter(pk=response.json()["id"]).update(headline=headline)
    response = api.get("/api/v1/articles/", params)
    assert response.status_code == 200, response.json()
    assert {item["headline"] for item in response.json()["results"]} == expected
