"""How articles, sources, sections and regions look on the wire."""

import re

from rest_framework import serializers

from articles.models import Article, ArticleRegion, Region, RegionKind, Section, Source

from .story_links import StoryLinkField

# C0 control characters other than tab, newline and carriage return have no place in copy.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(value):
    if _CONTROL_CHARACTERS.search(value):
        raise serializers.ValidationError("Contains control characters.", code="control_characters")


class StrictCharField(serializers.CharField):
    """Text only: a number or a boolean where text belongs is an error, not coerced."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """A blank reference is an error; DRF would read it as null (a habit of HTML forms)."""

    default_error_messages = {"blank": "This field may not be blank."}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


class RegionSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="region-detail", lookup_field="slug")

    class Meta:
        model = Region
        fields = ["slug", "name", "kind", "iso2", "country_code", "url"]


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="section-detail", lookup_field="slug")

    class Meta:
        model = Section
        fields = ["slug", "name", "url"]


class SourceSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="source-detail", lookup_field="slug")

    class Meta:
        model = Source
        fields = ["slug", "name", "url"]


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="source-detail", lookup_field="slug")
    homepage = serializers.CharField(read_only=True, help_text="Home page URL, or empty.")
    feed_url = serializers.CharField(read_only=True, help_text="RSS or Atom feed URL, or empty.")
    country = RegionSummarySerializer(allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug", "name", "kind", "homepage", "feed_url", "country", "language",
            "description", "url",
        ]  # fmt: skip


class RegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="region-detail", lookup_field="slug")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = [
            "slug", "name", "kind", "iso2", "iso3", "country_code", "geonames_id", "parent",
            "latitude", "longitude", "url",
        ]  # fmt: skip


class RegionDetailSerializer(RegionSerializer):
    alternative_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    ancestors = RegionSummarySerializer(many=True, read_only=True, help_text="Root first.")
    children = RegionSummarySerializer(many=True, read_only=True)
    claimants = RegionSummarySerializer(
        many=True, read_only=True, help_text="Countries that claim a disputed territory."
    )

    class Meta(RegionSerializer.Meta):
        fields = [
            *RegionSerializer.Meta.fields,
            "population", "alternative_names", "ancestors", "children", "claimants",
        ]  # fmt: skip


class TaggedRegionSerializer(serializers.Serializer):
    """A region an article is tagged with, as it appears in article lists."""

    slug = serializers.CharField(source="region.slug")
    name = serializers.CharField(source="region.name")
    kind = serializers.ChoiceField(source="region.kind", choices=RegionKind.choices)
    iso2 = serializers.CharField(source="region.iso2", allow_null=True)
    country_code = serializers.CharField(source="region.country_code")
    is_main = serializers.BooleanField()


class MentionSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["dateline", "headline", "body"])
    start = serializers.IntegerField(help_text="Offset of the first character in that field.")
    end = serializers.IntegerField(help_text="Offset after the last character.")
    text = serializers.CharField()


class RegionTagSerializer(serializers.ModelSerializer):
    """Why an article carries a region: how it was tagged, where, and how surely."""

    region = RegionSummarySerializer(read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)

    class Meta:
        model = ArticleRegion
        fields = [
            "region", "method", "is_main", "relevance", "confidence", "mention_count", "roles",
            "mentions", "tagger_version",
        ]  # fmt: skip


class RelatedStorySerializer(serializers.Serializer):
    section = StrictCharField(allow_null=True, required=False)
    headline = StrictCharField()
    source = StrictCharField(allow_null=True, required=False)

    def validate(self, attrs):
        # A PATCH makes nested fields optional too; a related story is nothing without one.
        if not attrs.get("headline"):
            raise serializers.ValidationError({"headline": ["This field is required."]})
        return attrs


class RelatedArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="article-detail")

    class Meta:
        model = Article
        fields = ["id", "headline", "published_at", "url"]


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="article-detail")
    section = SectionSerializer(read_only=True, allow_null=True)
    source = SourceSummarySerializer(read_only=True, allow_null=True)
    story = StoryLinkField()
    regions = TaggedRegionSerializer(source="region_tags", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "url", "headline", "slug", "summary", "section", "source", "story", "regions",
            "language", "published_at", "updated_at",
        ]  # fmt: skip


class ArticleDetailSerializer(ArticleListSerializer):
    dateline_region = RegionSummarySerializer(read_only=True, allow_null=True)
    related_stories = RelatedStorySerializer(many=True, read_only=True)
    related_articles = RelatedArticleSerializer(many=True, read_only=True)
    tags = RegionTagSerializer(source="region_tags", many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "byline", "dateline", "dateline_region", "body", "related_stories",
            "related_articles", "tags", "canonical_url", "external_id", "content_hash",
            "version", "created_at",
        ]  # fmt: skip


class ArticleWriteSerializer(serializers.Serializer):
    """What a client may set; everything else (ids, hashes, timestamps, automatic tags) is ours."""

    headline = StrictCharField(max_length=500, validators=[no_control_characters])
    body = StrictCharField(
        max_length=200_000,
        validators=[no_control_characters],
        help_text="Plain-text paragraphs separated by blank lines.",
    )
    summary = StrictCharField(
        max_length=5_000, required=False, allow_blank=True, validators=[no_control_characters]
    )
    published_at = serializers.DateTimeField()
    section = StrictSlugRelatedField(
        slug_field="slug", queryset=Section.objects.all(), required=False, allow_null=True
    )
    source = StrictSlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), required=False, allow_null=True
    )
    byline = StrictCharField(
        max_length=300, required=False, allow_blank=True, validators=[no_control_characters]
    )
    dateline = StrictCharField(
        max_length=200, required=False, allow_blank=True, validators=[no_control_characters]
    )
    dateline_region = StrictSlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), required=False, allow_null=True
    )
    language = serializers.RegexField(
        r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        max_length=35,
        required=False,
        help_text="BCP 47 language tag.",
    )
    canonical_url = serializers.URLField(max_length=1000, required=False, allow_null=True)
    external_id = StrictCharField(
        max_length=255, required=False, allow_null=True, validators=[no_control_characters]
    )
    related_stories = RelatedStorySerializer(many=True, required=False, max_length=20)
    regions = serializers.ListField(
        child=StrictSlugRelatedField(slug_field="slug", queryset=Region.objects.all()),
        required=False,
        max_length=50,
        help_text="Slugs of regions to tag by hand; replaces the article's manual tags.",
    )
    related_articles = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=Article.objects.all()),
        required=False,
        max_length=50,
        help_text="Ids of related articles; the relation is symmetric.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown or read-only field."] for name in unknown}, code="unknown"
                )
        return super().to_internal_value(data)

    def validate(self, attrs):
        instance = self.instance
        url = attrs.get("canonical_url")
        others = Article.objects.exclude(pk=instance.pk) if instance else Article.objects.all()
        if url and others.filter(canonical_url=url).exists():
            raise serializers.ValidationError(
                {"canonical_url": "Another article has this canonical URL."}, code="unique"
            )
        external_id = attrs.get("external_id")
        source = attrs.get("source", instance.source if instance else None)
        if external_id and others.filter(source=source, external_id=external_id).exists():
            raise serializers.ValidationError(
                {"external_id": "Another article of this source has this external id."},
                code="unique",
            )
        return attrs


# A PUT replaces the article: optional fields it leaves out go back to these.
ARTICLE_REPLACEMENT_DEFAULTS = {
    "summary": "",
    "section": None,
    "source": None,
    "byline": "",
    "dateline": "",
    "dateline_region": None,
    "language": "en",
    "canonical_url": None,
    "external_id": None,
    "related_stories": [],
    "regions": [],
    "related_articles": [],
}
