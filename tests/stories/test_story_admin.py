"""Stories in the admin: to look at, not to edit."""

import pytest
from django.contrib.auth.models import User

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    return client


def test_stories_are_listed_with_their_article_counts(desk, stories):
    response = desk.get("/admin/articles/story/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Port strike enters third day" in html
    assert 'class="field-article_count">3<' in html


def test_a_story_shows_its_articles_and_cannot_be_changed(desk, stories):
    story_id = Article.objects.get(pk=stories["wire"].pk).story_id
    response = desk.get(f"/admin/articles/story/{story_id}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ships queue off Gdansk" in html
    assert 'name="_save"' not in html
    assert desk.post(f"/admin/articles/story/{story_id}/change/", {}).status_code == 403
    assert desk.get("/admin/articles/story/add/").status_code == 403
