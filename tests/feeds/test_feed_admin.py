"""The desk sets each feed's poll interval and reads its fetch log, which it cannot edit."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from articles.feeds.polling import poll_source
from tests.factories import SourceFactory
from tests.feeds.polling_server import DESK_V1

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    return client


def test_the_poll_interval_is_edited_on_the_source(desk, board):
    source = SourceFactory(slug="desk", feed_url=board.url("/desk.xml"))
    form = {
        "name": source.name, "slug": "desk", "kind": "agency", "feed_url": source.feed_url,
        "poll_interval": "00:05:00", "language": "en",
        "feed_state-TOTAL_FORMS": "0", "feed_state-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = desk.post(f"/admin/articles/source/{source.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    source.refresh_from_db()
    assert source.poll_interval == timedelta(minutes=5)
    too_often = desk.post(
        f"/admin/articles/source/{source.pk}/change/", {**form, "poll_interval": "00:00:10"}
    )
    assert too_often.status_code == 200
    assert "greater than or equal to 0:01:00" in too_often.content.decode()


def test_the_source_page_shows_the_feed_state_and_recent_fetches(desk, board):
    source = SourceFactory(slug="desk", feed_url=board.serve("/desk.xml", DESK_V1))
    poll_source(source)
    html = desk.get(f"/admin/articles/source/{source.pk}/change/").content.decode()
    assert "Recent fetches" in html
    assert "<td>Fetched and ingested</td><td>200</td><td>2 / 0 / 0</td>" in html
    assert "Error streak" in html


def test_the_fetch_log_is_listed_but_cannot_be_added_or_changed(desk, board):
    source = SourceFactory(slug="desk", feed_url=board.serve("/desk.xml", DESK_V1))
    fetch = poll_source(source)
    assert desk.get("/admin/articles/feedfetch/").status_code == 200
    assert desk.get("/admin/articles/feedfetch/add/").status_code == 403
    url = f"/admin/articles/feedfetch/{fetch.pk}/change/"
    assert desk.post(url, {"items_new": "99"}).status_code == 403
    fetch.refresh_from_db()
    assert fetch.items_new == 2
