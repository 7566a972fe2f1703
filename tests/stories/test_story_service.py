"""assign_stories: copies join the story of their nearest near-duplicate, in one batch."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.freshness import _stored_version
from articles.models import Article, ArticleFingerprint, Story, StoryBand
from articles.stories import service
from articles.stories.service import assign_stories, reassign_stories
from tests.stories.conftest import MONDAY, REPOST, SEQUEL, WIRE, article

pytestmark = pytest.mark.django_db


def story_of(article_):
    return Article.objects.get(pk=article_.pk).story_id


def test_a_repost_joins_the_story_of_its_original(stories):
    assert story_of(stories["repost"]) == story_of(stories["wire"])
    assert story_of(stories["again"]) == story_of(stories["wire"])


def test_another_story_on_the_same_topic_starts_its_own(stories):
    assert story_of(stories["sequel"]) != story_of(stories["wire"])
    assert Story.objects.count() == 2


def test_the_result_says_what_happened_to_each_article():
    wire, repost = article(WIRE), article(REPOST, hours=2)
    first, second = assign_stories([repost, wire])  # taken in order of publication
    assert (first.article_id, first.founded, first.matched_article_id) == (wire.pk, True, None)
    assert (second.article_id, second.founded) == (repost.pk, False)
    assert second.matched_article_id == wire.pk
    assert second.similarity >= 0.35
    assert first.story == second.story


def test_copies_assigned_one_call_at_a_time_find_each_other():
    wire, repost = article(WIRE), article(REPOST, hours=2)
    assign_stories([wire])
    [joined] = assign_stories([repost])
    assert joined.story.pk == story_of(wire)
    assert not joined.founded


def test_copies_published_further_apart_than_the_window_are_separate_stories(settings):
    settings.STORY_WINDOW_HOURS = 24
    wire, late = article(WIRE), article(REPOST, hours=25)
    assign_stories([wire])
    assign_stories([late])
    assert story_of(wire) != story_of(late)


def test_a_copy_published_before_its_original_is_found_too():
    wire = article(WIRE, hours=10)
    assign_stories([wire])
    [early] = assign_stories([article(REPOST, hours=2)])
    assert early.story.pk == story_of(wire)


def test_an_earlier_copy_arriving_late_lends_the_story_its_headline_and_start():
    wire = article(WIRE, hours=10, headline="Late headline")
    assign_stories([wire])
    assign_stories([article(REPOST, hours=2, headline="First headline")])
    story = Story.objects.get()
    assert story.headline == "First headline"
    assert story.first_published_at == MONDAY + timedelta(hours=2)
    assert story.last_published_at == MONDAY + timedelta(hours=10)


def test_a_story_spans_its_articles(stories):
    story = Story.objects.get(pk=story_of(stories["wire"]))
    assert story.headline == "Port strike enters third day"
    assert (story.first_published_at, story.last_published_at) == (
        MONDAY, MONDAY + timedelta(hours=5)
    )  # fmt: skip


def test_articles_that_already_have_a_story_are_left_alone(stories, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert assign_stories([stories["wire"], stories["sequel"]]) == []


def test_an_article_without_words_starts_a_story_of_its_own():
    [result] = assign_stories([article("...")])
    assert result.founded
    assert not StoryBand.objects.exists()
    assert not ArticleFingerprint.objects.exists()


def test_each_article_keeps_its_signature_and_one_row_per_band():
    wire = article(WIRE)
    assign_stories([wire])
    assert ArticleFingerprint.objects.filter(article=wire).count() == 1
    bands = StoryBand.objects.filter(article=wire)
    assert bands.count() == 24
    assert {band.published_at for band in bands} == {wire.published_at}


def test_a_deleted_article_takes_its_bands_with_it(stories):
    stories["sequel"].delete()
    assert not StoryBand.objects.filter(article_id=stories["sequel"].pk).exists()
    [result] = assign_stories([article(SEQUEL, hours=30)])
    assert result.founded


def test_a_batch_costs_the_same_queries_as_one_article():
    def statements(articles):
        """Queries, less the extra INSERTs of rows that the database's limit on bound
        parameters splits (SQLite's; PostgreSQL takes them in one)."""
        with CaptureQueriesContext(connection) as captured:
            assign_stories(articles)
        sql = [query["sql"] for query in captured]
        bands = [q for q in sql if q.startswith('INSERT INTO "articles_storyband"')]
        return len(sql) - len(bands) + min(1, len(bands))

    one = statements([article("Porto beat Braga 2-1 with a late goal on Sunday night.")])
    many = statements([article(WIRE if n % 2 else SEQUEL, hours=n) for n in range(1, 41)])
    joining = statements([article(REPOST, hours=n) for n in range(41, 61)])
    assert many == one
    # None to create; instead the stories joined are locked, then their span widened.
    assert joining == one - 1 + 2


def test_assigning_marks_the_content_changed(django_capture_on_commit_callbacks):
    before = _stored_version()
    with django_capture_on_commit_callbacks(execute=True):
        assign_stories([article(WIRE)])
    assert _stored_version() == before + 1


def test_a_copy_of_an_article_whose_story_was_deleted_starts_a_new_one():
    wire = article(WIRE)
    assign_stories([wire])
    Story.objects.all().delete()
    [result] = assign_stories([article(REPOST, hours=2)])
    assert result.founded
    assert story_of(wire) is None


def test_copies_of_a_story_deleted_while_they_were_assigned_start_it_again_together(
    monkeypatch,
):
    assign_stories([article(WIRE)])
    read = service._stored_candidates

    def read_then_delete(*args):
        index = read(*args)
        Story.objects.all().delete()  # as another transaction might, before the lock
        return index

    monkeypatch.setattr(service, "_stored_candidates", read_then_delete)
    first, second = assign_stories([article(REPOST, hours=2), article(WIRE, hours=3)])
    assert first.story.pk == second.story.pk
    assert Story.objects.count() == 1


def test_an_edited_article_finds_its_story_again():
    wire, copy = article(WIRE), article(WIRE, hours=1)
    assign_stories([wire, copy])
    Article.objects.filter(pk=copy.pk).update(body=SEQUEL)
    copy.refresh_from_db()
    [result] = reassign_stories([copy])
    assert result.founded
    assert story_of(copy) != story_of(wire)
    Article.objects.filter(pk=copy.pk).update(body=REPOST)
    copy.refresh_from_db()
    [result] = reassign_stories([copy])
    assert story_of(copy) == story_of(wire)
    assert StoryBand.objects.filter(article=copy).count() == 24
