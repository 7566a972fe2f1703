import pytest

from articles.models import Article, TagMethod
from tests.factories import ArticleFactory, SectionFactory, SourceFactory, tag

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


@pytest.fixture
def payload(world):
    SectionFactory(name="World")
    SourceFactory(name="Reuters")
    return {
        "headline": "Ceasefire holds on the border",
        "body": "Guns fell silent overnight.\n\nBoth sides reported calm.",
        "published_at": "2026-11-20T08:00:00Z",
        "section": "world",
        "source": "reuters",
        "dateline": "YEREVAN",
        "dateline_region": "yerevan",
        "regions": ["armenia", "azerbaijan"],
        "canonical_url": "https://example.com/ceasefire",
        "external_id": "r-1",
    }


def field_errors(response):
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def test_editor_creates_an_article_and_gets_it_back(editor, payload):
    response = editor.post(LIST_URL, payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["headline"] == payload["headline"]
    assert body["slug"] == "ceasefire-holds-on-the-border"
    assert body["summary"] == "Guns fell silent overnight."
    assert body["dateline_region"]["slug"] == "yerevan"
    tags = {t["region"]["slug"]: (t["method"], t["roles"]) for t in body["tags"]}
    assert tags == {
        "armenia": ("manual", []),
        "azerbaijan": ("manual", []),
        "yerevan": ("automatic", ["dateline"]),  # found by the tagger in the dateline
    }
    assert body["version"] == 1
    assert len(body["content_hash"]) == 64
    assert Article.objects.get().source.slug == "reuters"


def test_missing_and_invalid_fields_are_named(editor, payload):
    payload.pop("headline")
    payload.update(published_at="soon", source="nobody", regions=["atlantis"], language="english!")
    response = editor.post(LIST_URL, payload)
    assert response.status_code == 400
    assert field_errors(response) == {
        "headline": "required",
        "published_at": "invalid",
        "source": "does_not_exist",
        "regions.0": "does_not_exist",
        "language": "invalid",
    }
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "field", ["id", "content_hash", "version", "created_at", "updated_at", "slug", "tags"]
)
def test_clients_cannot_set_server_owned_fields(editor, payload, field):
    payload[field] = "x"
    response = editor.post(LIST_URL, payload)
    assert response.status_code == 400
    assert field_errors(response) == {field: "unknown"}


@pytest.mark.parametrize("text", ["null\x00byte", "bell\x07", "escape\x1b[31m"])
def test_control_characters_are_refused(editor, payload, text):
    payload["headline"] = text
    response = editor.post(LIST_URL, payload)
    assert response.status_code == 400
    assert "headline" in field_errors(response)


def test_same_copy_twice_is_a_conflict(editor, payload):
    assert editor.post(LIST_URL, payload).status_code == 201
    payload.update(canonical_url="https://example.com/other", external_id="r-2")
    payload["headline"] = payload["headline"].upper()  # case does not make new copy
    response = editor.post(LIST_URL, payload)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"
    assert Article.objects.count() == 1


def test_canonical_url_and_external_id_are_unique(editor, payload):
    assert editor.post(LIST_URL, payload).status_code == 201
    payload["body"] = "Different copy."
    response = editor.post(LIST_URL, payload)
    assert response.status_code == 400
    assert field_errors(response) == {"canonical_url": "unique"}
    payload["canonical_url"] = "https://example.com/new"
    assert field_errors(editor.post(LIST_URL, payload)) == {"external_id": "unique"}


def test_patch_changes_only_the_fields_sent_and_bumps_the_version(editor, world):
    article = ArticleFactory(byline="Ann Lee")
    response = editor.patch(f"{LIST_URL}{article.pk}/", {"headline": "New headline"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["headline"], body["byline"], body["version"]) == ("New headline", "Ann Lee", 2)
    assert body["slug"] == "new-headline"


def test_put_replaces_and_clears_optional_fields(editor, payload):
    article = ArticleFactory(byline="Ann Lee", external_id="x-1")
    response = editor.put(f"{LIST_URL}{article.pk}/", {
        "headline": "Replaced", "body": "Only this.", "published_at": "2026-01-01T00:00:00Z",
    })  # fmt: skip
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["byline"], body["external_id"], body["source"]) == ("", None, None)


def test_manual_region_update_keeps_automatic_tags(editor, world):
    article = ArticleFactory()
    tag(article, world["moscow"])
    tag(article, world["baku"], method=TagMethod.MANUAL)
    response = editor.patch(f"{LIST_URL}{article.pk}/", {"regions": ["armenia"]})
    assert {t["region"]["slug"]: t["method"] for t in response.json()["tags"]} == {
        "moscow": "automatic", "armenia": "manual"
    }  # fmt: skip


def test_related_articles_are_symmetric(editor, db):
    first, second = ArticleFactory(), ArticleFactory()
    editor.patch(f"{LIST_URL}{first.pk}/", {"related_articles": [second.pk]})
    assert list(second.related_articles.values_list("pk", flat=True)) == [first.pk]


def test_delete_removes_the_article(editor, db):
    article = ArticleFactory()
    assert editor.delete(f"{LIST_URL}{article.pk}/").status_code == 204
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "status_anonymous", "status_reader"),
    [
        ("post", LIST_URL, 401, 403),
        ("put", "{article}", 401, 403),
        ("patch", "{article}", 401, 403),
        ("delete", "{article}", 401, 403),
    ],
)
def test_writes_need_a_token_with_permission(api, reader, payload, method, path,
                                             status_anonymous, status_reader):  # fmt: skip
    article = ArticleFactory()
    url = path.format(article=f"{LIST_URL}{article.pk}/")
    anonymous = getattr(api, method)(url, payload)
    assert anonymous.status_code == status_anonymous
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="api"'
    assert getattr(reader, method)(url, payload).status_code == status_reader
    assert Article.objects.get().headline == article.headline


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"headline": 42}, "headline"),
        ({"section": ""}, "section"),
        ({"related_stories": [{"section": "World"}]}, "related_stories.0.headline"),
    ],
)
def test_patch_refuses_values_of_the_wrong_kind(editor, world, change, field):
    article = ArticleFactory()
    response = editor.patch(f"{LIST_URL}{article.pk}/", change, format="json")
    assert response.status_code == 400
    assert field in field_errors(response)
    article.refresh_from_db()
    assert article.version == 1


def test_a_json_string_is_not_taken_for_text(api):
    response = api.post("/api/v1/regions/tag/", "Paris", format="json")
    assert response.status_code == 400
