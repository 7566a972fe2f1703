"""`manage.py assign_stories`: the backfill, in order of publication, resumable."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Story, StoryBand
from tests.stories.conftest import REPOST, SEQUEL, WIRE, article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("assign_stories", "--quiet", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def archive(db):
    """Stored before stories existed; created out of order of publication."""
    return {
        "repost": article(REPOST, hours=3),
        "sequel": article(SEQUEL, hours=28),
        "wire": article(WIRE, headline="The first copy"),
    }


def test_backfill_gives_every_article_a_story_in_order_of_publication(archive):
    output = run("--batch-size", "2")
    assert "Assigned 3 articles: 1 joined a story, 2 started one." in output
    stories = dict(Article.objects.values_list("id", "story_id"))
    assert stories[archive["repost"].pk] == stories[archive["wire"].pk]
    assert stories[archive["sequel"].pk] != stories[archive["wire"].pk]
    assert Story.objects.get(pk=stories[archive["wire"].pk]).headline == "The first copy"


def test_a_second_run_has_nothing_to_do(archive):
    run()
    assert "Assigned 0 articles" in run()
    assert Story.objects.count() == 2


def test_new_articles_after_a_backfill_are_assigned_on_the_next_run(archive):
    run()
    late = article(WIRE, hours=6)
    assert "Assigned 1 articles: 1 joined a story, 0 started one." in run()
    wire_story = Article.objects.get(pk=archive["wire"].pk).story_id
    assert Article.objects.get(pk=late.pk).story_id == wire_story


def test_rebuild_forgets_every_story_and_assigns_again(archive):
    run()
    before = set(Story.objects.values_list("id", flat=True))
    assert "Assigned 3 articles" in run("--rebuild")
    assert Story.objects.count() == 2
    assert not before & set(Story.objects.values_list("id", flat=True))
    assert StoryBand.objects.values("article").distinct().count() == 3
