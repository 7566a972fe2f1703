"""Every way an article is written leaves one event in the outbox, in the same transaction."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from articles import services
from articles.bulk import ingest_batch
from articles.changes import ChangeKind, record_changes
from articles.models import ChangeEvent
from articles.region_tags import apply_automatic_tags, set_manual_regions

pytestmark = pytest.mark.django_db

ARTICLE = {"headline": "Ferry service resumes", "body": "Boats sailed again.\n\nMore soon."}


def create(number=0, **fields):
    headline = f"{ARTICLE['headline']} {number}"
    return services.article_create(
        **{**ARTICLE, "headline": headline, "published_at": timezone.now(), **fields}
    )


def events():
    return list(ChangeEvent.objects.order_by("id").values_list("kind", "article_id", "version"))


def test_creating_an_article_records_a_created_event():
    article = create()
    assert events() == [("created", article.pk, 1)]


def test_a_batch_records_one_event_per_new_article_in_batch_order():
    batch = [{**ARTICLE, "headline": f"Item {n}", "published_at": "2026-01-01T00:00:00Z"}
             for n in range(3)]  # fmt: skip
    ids = [result["id"] for result in ingest_batch(batch)["results"]]
    assert events() == [("created", pk, 1) for pk in ids]


def test_a_duplicate_in_a_batch_records_nothing_for_itself():
    item = {**ARTICLE, "published_at": "2026-01-01T00:00:00Z"}
    results = ingest_batch([item, item])["results"]
    assert [r["outcome"] for r in results] == ["created", "duplicate"]
    assert events() == [("created", results[0]["id"], 1)]


def test_an_update_that_retags_records_one_updated_event_with_the_new_version():
    article = create()
    services.article_update(article, headline="Ferries sail from Baku to Aktau again")
    assert events() == [("created", article.pk, 1), ("updated", article.pk, 2)]


def test_retagging_records_a_retagged_event_at_the_same_version():
    article = create()
    with transaction.atomic():
        apply_automatic_tags(article)
    assert events()[-1] == ("retagged", article.pk, 1)


def test_deleting_records_a_tombstone_with_what_identified_the_article():
    article = create(canonical_url="https://example.com/ferry", external_id="f-1")
    services.article_update(article, byline="Ann Lee")
    services.article_delete(article)
    event = ChangeEvent.objects.order_by("id").last()
    assert (event.kind, event.article_id, event.version) == ("deleted", article.pk, 2)
    assert event.tombstone == {
        "headline": f"{ARTICLE['headline']} 0",
        "canonical_url": "https://example.com/ferry",
        "external_id": "f-1",
    }


def test_a_refused_write_records_nothing():
    article = create()
    with pytest.raises(services.StaleVersion):
        services.article_update(article, expected_versions={7}, byline="x")
    with pytest.raises(services.DuplicateContent):
        create()  # the same copy again
    assert events() == [("created", article.pk, 1)]


def undone(write):
    """Run the write in a block that is then rolled back."""
    try:
        with transaction.atomic():
            write()
            raise RuntimeError("undone")
    except RuntimeError:
        pass


def test_a_rolled_back_transaction_takes_its_events_with_it():
    undone(create)
    assert events() == []


def test_a_change_after_a_rolled_back_savepoint_is_still_recorded():
    article = create()
    with transaction.atomic():
        undone(lambda: record_changes(ChangeKind.RETAGGED, [article]))
        record_changes(ChangeKind.UPDATED, [article])
    assert events() == [("created", article.pk, 1), ("updated", article.pk, 1)]


def test_one_article_recorded_twice_in_one_block_keeps_the_weightier_kind():
    article = create()
    with transaction.atomic():
        record_changes(ChangeKind.RETAGGED, [article])
        article.version = 2
        record_changes(ChangeKind.UPDATED, [article])
        record_changes(ChangeKind.RETAGGED, [article])
    assert events() == [("created", article.pk, 1), ("updated", article.pk, 2)]


def test_service_calls_in_one_outer_transaction_keep_an_event_each():
    with transaction.atomic():
        article = create()
        services.article_update(article, byline="Ann Lee")
    assert events() == [("created", article.pk, 1), ("updated", article.pk, 2)]


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    return client


def test_deleting_in_the_admin_records_the_deletions(desk):
    one, two, three = create(1), create(2), create(3)
    assert (
        desk.post(f"/admin/articles/article/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    chosen = {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"}
    assert desk.post("/admin/articles/article/", chosen).status_code == 302
    deleted = ChangeEvent.objects.filter(kind="deleted").values_list("article_id", flat=True)
    assert sorted(deleted) == [one.pk, two.pk, three.pk]


def test_setting_manual_regions_on_its_own_records_a_retag(world):
    article = create()
    with transaction.atomic():
        set_manual_regions(article, [world["baku"]])
    assert events()[-1] == ("retagged", article.pk, 1)


def test_an_update_of_regions_and_text_is_still_one_event(world):
    article = create()
    services.article_update(article, headline="Ferries sail to Baku", regions=[world["baku"]])
    assert events() == [("created", article.pk, 1), ("updated", article.pk, 2)]
