"""The admin desk writes through the same services as the API."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from articles.models import Article, ArticleRegion
from tests.factories import ArticleFactory, tag

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parent.parent / "articles" / "demo" / "copy"


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    return client


def test_changelist_filters_by_region_and_escapes_markup(desk, world):
    article = ArticleFactory(headline="<script>alert(1)</script>")
    tag(article, world["baku"])
    response = desk.get("/admin/articles/article/", {"regions__id__exact": world["baku"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_adding_an_article_in_the_admin_hashes_and_tags_it(desk, world):
    response = desk.post("/admin/articles/article/add/", {
        "headline": "Baku hosts talks", "body": "Delegations met in Baku.", "language": "en",
        "published_at_0": "2026-03-01", "published_at_1": "10:00:00", "related_stories": "[]",
        "region_tags-TOTAL_FORMS": "0", "region_tags-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert len(article.content_hash) == 64
    assert article.region_tags.filter(region__slug="baku").exists()


def test_editing_in_the_admin_bumps_the_version(desk, world):
    article = ArticleFactory()
    response = desk.post(f"/admin/articles/article/{article.pk}/change/", {
        "headline": "Edited", "body": article.body, "summary": article.summary,
        "language": "en", "published_at_0": "2026-03-01", "published_at_1": "10:00:00",
        "section": article.section_id, "source": article.source_id, "related_stories": "[]",
        "region_tags-TOTAL_FORMS": "0", "region_tags-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.slug, article.version) == ("Edited", "edited", 2)


def test_pasted_copy_is_ingested_through_the_service(desk):
    copy = sorted(DEMO.glob("*.txt"))[5].read_text()
    response = desk.post("/admin/articles/article/ingest/", {"text": copy})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    assert article.region_tags.exists()
    again = desk.post("/admin/articles/article/ingest/", {"text": copy}, follow=True)
    assert "duplicate" in again.content.decode()
    assert Article.objects.count() == 1


def test_copy_that_is_not_an_article_shows_the_reason(desk):
    response = desk.post("/admin/articles/article/ingest/", {"text": "Just a headline"})
    assert response.status_code == 200
    assert "body" in response.content.decode()
    assert not Article.objects.exists()


def test_retag_action_refreshes_automatic_tags(desk, world):
    article = ArticleFactory(headline="Talks in Baku", body="Officials met in Baku.")
    desk.post("/admin/articles/article/", {"action": "retag", "_selected_action": [article.pk]})
    assert ArticleRegion.objects.filter(article=article, region__slug="baku").exists()
