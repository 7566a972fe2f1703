"""GET /api/v1/changes/: every change, oldest first, paged by position, pruned by age."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from articles import services
from articles.changes import prune_changes
from articles.models import ChangeEvent, ChangeLogState
from articles.region_tags import apply_automatic_tags
from tests.test_schema import response_validator

pytestmark = pytest.mark.django_db

URL = "/api/v1/changes/"


def create(number):
    return services.article_create(
        headline=f"Grain convoy number {number} reaches the port",
        body="Trucks queued overnight.\n\nCustoms cleared them by noon.",
        published_at=timezone.now(),
    )


def read_all(api, page_size, after=0):
    """Follow `next` until no more events follow; the events and the final position."""
    url, seen = f"{URL}?after={after}&page_size={page_size}", []
    while True:
        body = api.get(url).json()
        seen += body["results"]
        if not body["more"]:
            return seen, body["after"]
        url = body["next"]


def test_every_kind_of_change_appears_in_order_with_a_tombstone_for_the_delete(api):
    article = create(1)
    services.article_update(article, byline="Ann Lee")
    services.article_update(article, headline="Grain convoy reaches Odesa")  # re-tags too
    services.article_delete(article)
    other = create(2)
    services.article_update(other, body="Trucks queued.\n\nCleared.", regions=[])
    response = api.get(URL)
    assert response.status_code == 200
    body = response.json()
    kinds = [(e["kind"], e["article_id"], e["version"]) for e in body["results"]]
    assert kinds == [
        ("created", article.pk, 1),
        ("updated", article.pk, 2),
        ("updated", article.pk, 3),
        ("deleted", article.pk, 3),
        ("created", other.pk, 1),
        ("updated", other.pk, 2),
    ]
    deleted = body["results"][3]
    assert deleted["tombstone"] == {
        "headline": "Grain convoy reaches Odesa",
        "canonical_url": None,
        "external_id": None,
    }
    assert all(e["tombstone"] is None for i, e in enumerate(body["results"]) if i != 3)
    assert [e["id"] for e in body["results"]] == sorted(e["id"] for e in body["results"])
    assert body["after"] == body["results"][-1]["id"]
    assert body["more"] is False


def test_a_retag_on_its_own_appears_as_retagged(api):
    article = create(1)
    with transaction.atomic():
        apply_automatic_tags(article)
    results = api.get(URL).json()["results"]
    assert [(e["kind"], e["version"]) for e in results] == [("created", 1), ("retagged", 1)]


def test_following_next_pages_through_every_event_once(api):
    for number in range(7):
        create(number)
    expected = list(ChangeEvent.objects.order_by("id").values_list("id", flat=True))
    seen, position = read_all(api, page_size=3)
    assert [e["id"] for e in seen] == expected
    assert position == expected[-1]


def test_a_client_resuming_from_its_position_sees_only_what_came_after(api):
    create(1)
    _, position = read_all(api, page_size=10)
    later = create(2)
    body = api.get(URL, {"after": position}).json()
    assert [(e["kind"], e["article_id"]) for e in body["results"]] == [("created", later.pk)]


def test_an_empty_page_keeps_the_position_and_links_to_the_same_place(api):
    create(1)
    last = ChangeEvent.objects.latest("id").pk
    body = api.get(URL, {"after": last, "page_size": 5}).json()
    assert body["results"] == []
    assert (body["after"], body["more"]) == (last, False)
    assert body["next"] == f"http://testserver{URL}?after={last}&page_size=5"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"after": "abc"}, "after"),
        ({"after": "-1"}, "after"),
        ({"after": "1.5"}, "after"),
        ({"after": str(2**63)}, "after"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"cursor": "abc"}, "cursor"),
    ],
)
def test_a_bad_position_or_parameter_is_a_400_naming_it(api, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]


def age(days):
    """Make every event so far `days` old."""
    ChangeEvent.objects.update(occurred_at=timezone.now() - timedelta(days=days))


def test_a_position_before_pruned_events_is_410_gone(api, settings):
    settings.CHANGES_RETENTION_DAYS = 7
    create(1)
    create(2)
    age(8)
    kept = create(3)
    assert prune_changes() == 2
    pruned_through = ChangeLogState.objects.get().pruned_through
    for stale in (0, pruned_through - 1):
        response = api.get(URL, {"after": stale})
        assert response.status_code == 410
        assert response.json()["type"] == "/problems/gone"
        assert f"Events up to {pruned_through} were pruned" in response.json()["detail"]
    # A client that had read up to the pruned events misses nothing: no cap further back.
    body = api.get(URL, {"after": pruned_through}).json()
    assert [e["article_id"] for e in body["results"]] == [kept.pk]
    # A new client starts from the oldest event kept.
    body = api.get(URL).json()
    assert [e["article_id"] for e in body["results"]] == [kept.pk]


def test_pruning_removes_only_a_prefix_of_the_feed(settings):
    settings.CHANGES_RETENTION_DAYS = 7
    create(1)
    age(1)
    create(2)
    age(9)  # both old now
    ChangeEvent.objects.filter(pk=ChangeEvent.objects.earliest("id").pk).update(
        occurred_at=timezone.now()
    )  # the first is recent: nothing after it may go before it does
    assert prune_changes() == 0
    assert ChangeEvent.objects.count() == 2


def test_the_prune_command_reports_what_it_removed(settings, capsys):
    settings.CHANGES_RETENTION_DAYS = 3
    create(1)
    age(4)
    call_command("prune_changes")
    assert "Pruned 1 change events older than 3 days." in capsys.readouterr().out
    assert not ChangeEvent.objects.exists()


def test_the_feed_is_public_and_reads_in_two_queries(api, django_assert_max_num_queries):
    for number in range(5):
        create(number)
    with django_assert_max_num_queries(2):
        assert api.get(URL, {"page_size": 100}).status_code == 200


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/", {"format": "json"}).json()


def test_pages_and_problems_conform_to_the_schema(api, schema, settings):
    article = create(1)
    services.article_update(article, byline="Ann Lee")
    services.article_delete(article)
    page = api.get(URL).json()
    assert [e["kind"] for e in page["results"]] == ["created", "updated", "deleted"]
    assert not list(response_validator(schema, URL).iter_errors(page))
    bad = api.get(URL, {"after": "x"}).json()
    assert not list(response_validator(schema, URL, status="400").iter_errors(bad))
    settings.CHANGES_RETENTION_DAYS = 1
    age(2)
    prune_changes()
    gone = api.get(URL, {"after": 0}).json()
    assert not list(response_validator(schema, URL, status="410").iter_errors(gone))


def test_pruning_an_empty_feed_or_an_all_old_one_works(settings):
    settings.CHANGES_RETENTION_DAYS = 1
    assert prune_changes() == 0
    create(1)
    create(2)
    age(2)
    assert prune_changes() == 2
    assert ChangeLogState.objects.get().pruned_through > 0
