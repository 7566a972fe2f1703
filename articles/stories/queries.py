"""Reads over stories that the article list and feeds share."""

from django.db.models import Exists, OuterRef, Q


def earliest_per_story(articles):
    """One article per story, the earliest published of these (the lowest id among equals);
    articles without a story all stay. The comparison runs within `articles` itself, so a
    story appears whenever any of its copies passes the other filters."""
    earlier = articles.filter(story_id=OuterRef("story_id")).filter(
        Q(published_at__lt=OuterRef("published_at"))
        | Q(published_at=OuterRef("published_at"), id__lt=OuterRef("id"))
    )
    return articles.filter(~Exists(earlier))
