"""Matching committed events to subscriptions: their filters, deletions, and positions."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from articles.changes import ChangeKind, change_rows, record_changes
from articles.models import Delivery, Region
from articles.webhooks.dispatch import dispatch_all
from articles.webhooks.subscriptions import subscription_create, subscription_update
from tests.factories import ArticleFactory, SourceFactory, tag

pytestmark = pytest.mark.django_db

TARGET = "http://93.184.215.14/hooks"


@pytest.fixture
def owner():
    return User.objects.create(username="subscriber")


def subscribe(owner, **filter):
    return subscription_create(owner=owner, target_url=TARGET, filter=filter)


def created(*articles):
    with transaction.atomic():  # a block of its own, as each write of the services is
        record_changes(ChangeKind.CREATED, articles)
    return articles


def delivered(subscription):
    return list(
        subscription.deliveries.order_by("event_id").values_list("event__kind", "article_id")
    )


def test_a_region_filter_matches_articles_tagged_below_that_region(owner, world):
    armenia = subscribe(owner, region=["armenia"])
    everything = subscribe(owner)
    in_yerevan, in_baku = ArticleFactory(), ArticleFactory()
    tag(in_yerevan, world["yerevan"])
    tag(in_baku, world["baku"])
    created(in_yerevan, in_baku)
    assert dispatch_all() == 3
    assert delivered(armenia) == [("created", in_yerevan.pk)]
    assert delivered(everything) == [("created", in_yerevan.pk), ("created", in_baku.pk)]


def test_filters_combine_as_on_the_article_list(owner):
    wire = SourceFactory(slug="wire")
    subscription = subscribe(owner, source=["wire"], q="ferry")
    match = ArticleFactory(source=wire, headline="Ferry strike ends")
    other_source = ArticleFactory(headline="Ferry strike ends again")
    other_words = ArticleFactory(source=wire, headline="Port reopens")
    created(match, other_source, other_words)
    dispatch_all()
    assert delivered(subscription) == [("created", match.pk)]


def test_a_deletion_goes_where_the_article_was_announced_and_to_unfiltered_ones(owner):
    wire, other = SourceFactory(slug="wire"), SourceFactory(slug="other")
    told, never_told, unfiltered = (
        subscribe(owner, source="wire"), subscribe(owner, source="other"), subscribe(owner)
    )  # fmt: skip
    article = created(ArticleFactory(source=wire))[0]
    pk = article.pk
    dispatch_all()
    with transaction.atomic():
        gone = change_rows([article])
        article.delete()
        record_changes(ChangeKind.DELETED, gone)
    dispatch_all()
    assert delivered(told) == [("created", pk), ("deleted", pk)]
    assert delivered(never_told) == []
    assert delivered(unfiltered) == [("created", pk), ("deleted", pk)]
    assert other.articles.count() == 0  # its subscription had nothing to match


def test_a_subscription_gets_only_events_after_it_was_made_and_each_once(owner):
    before = created(ArticleFactory())[0]
    subscription = subscribe(owner)
    after = created(ArticleFactory())[0]
    dispatch_all()
    dispatch_all()
    assert delivered(subscription) == [("created", after.pk)]
    assert before.pk != after.pk


def test_a_subscription_turned_off_gets_the_backlog_once_turned_on(owner):
    subscription = subscribe(owner)
    subscription_update(subscription, active=False)
    article = created(ArticleFactory())[0]
    assert dispatch_all() == 0
    subscription_update(subscription, active=True)
    dispatch_all()
    assert delivered(subscription) == [("created", article.pk)]


def test_a_filter_naming_a_region_since_removed_matches_nothing(owner, world):
    subscription = subscribe(owner, region=["baku"])
    article = ArticleFactory()
    tag(article, world["baku"])
    Region.objects.filter(slug="baku").update(slug="baku-old")
    created(article)
    dispatch_all()
    assert delivered(subscription) == []
    assert Delivery.objects.count() == 0


def test_send_webhooks_once_matches_and_sends_what_is_due(receiver, subscribe, capsys):
    subscription = subscribe()
    article = created(ArticleFactory())[0]
    call_command("send_webhooks", "--once")
    assert capsys.readouterr().out.strip() == "1 delivery attempts made."
    [request] = receiver.requests
    assert request.message["data"]["article_id"] == article.pk
    assert subscription.deliveries.get().status == "succeeded"
