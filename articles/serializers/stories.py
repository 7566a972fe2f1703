"""How stories, and an article's link to its story, look on the wire."""

from rest_framework import serializers

from articles.models import Article, Story

from .core import SourceSummarySerializer


class StoryArticleSerializer(serializers.ModelSerializer):
    """An article as a copy of a story: enough to tell the copies apart."""

    url = serializers.HyperlinkedIdentityField(view_name="article-detail")
    source = SourceSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "url", "headline", "source", "published_at"]


class StorySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="story-detail")
    article_count = serializers.IntegerField(read_only=True)
    independent_source_count = serializers.IntegerField(
        read_only=True, help_text="Distinct sources among its articles."
    )

    class Meta:
        model = Story
        fields = [
            "id", "url", "headline", "first_published_at", "last_published_at",
            "article_count", "independent_source_count",
        ]  # fmt: skip


class StoryDetailSerializer(StorySerializer):
    articles = StoryArticleSerializer(
        many=True, read_only=True, help_text="Every copy, earliest first."
    )

    class Meta(StorySerializer.Meta):
        fields = [*StorySerializer.Meta.fields, "articles"]
