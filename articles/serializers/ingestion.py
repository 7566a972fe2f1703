"""Shapes of the ingestion and geoparsing endpoints."""

from rest_framework import serializers

from articles.ingestion.gazetteer import load_gazetteer
from articles.models import Section, Source

from .core import (
    MentionSerializer,
    RelatedStorySerializer,
    StrictCharField,
    StrictSlugRelatedField,
    no_control_characters,
)
from .problems import ProblemFieldErrorSerializer

MAX_COPY_CHARACTERS = 500_000
MAX_TAG_TEXT_CHARACTERS = 100_000
MAX_BULK_ITEMS = 100


class CopySerializer(serializers.Serializer):
    """Raw wire copy, with what the copy itself may not say."""

    text = StrictCharField(
        max_length=MAX_COPY_CHARACTERS,
        trim_whitespace=False,
        validators=[no_control_characters],
        help_text="The copy as plain text: section, headline, dateline, paragraphs.",
    )
    source = StrictSlugRelatedField(
        slug_field="slug",
        queryset=Source.objects.all(),
        required=False,
        help_text="Source slug; by default the source named in the dateline.",
    )
    section = StrictSlugRelatedField(
        slug_field="slug",
        queryset=Section.objects.all(),
        required=False,
        help_text="Section slug; by default the section label of the copy.",
    )
    published_at = serializers.DateTimeField(required=False, help_text="By default: now.")
    canonical_url = serializers.URLField(max_length=1000, required=False)
    external_id = StrictCharField(
        max_length=255, required=False, validators=[no_control_characters]
    )


class TagTextSerializer(serializers.Serializer):
    text = StrictCharField(
        max_length=MAX_TAG_TEXT_CHARACTERS,
        trim_whitespace=False,
        help_text="Any text; at most 100,000 characters.",
    )


class FoundRegionSerializer(serializers.Serializer):
    """A region found in text, with the evidence for it."""

    slug = serializers.SerializerMethodField(help_text="The region's slug in `/regions/`.")
    name = serializers.CharField()
    kind = serializers.CharField()
    country_code = serializers.CharField(
        allow_null=True,
        help_text="ISO 3166-1 alpha-2 of the country it lies in (its own for a country or a "
        "territory that has one).",
    )
    roles = serializers.ListField(child=serializers.CharField())
    mention_count = serializers.IntegerField()
    mentions = MentionSerializer(many=True)
    is_main = serializers.BooleanField()
    confidence = serializers.FloatField()
    relevance = serializers.FloatField()

    def get_slug(self, tag) -> str:
        return load_gazetteer().places[tag.key].slug


class TagResultSerializer(serializers.Serializer):
    regions = FoundRegionSerializer(many=True)
    tagger_version = serializers.CharField()


class SpanSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="`headline`, `section`, `dateline`, `paragraphs[0]`…")
    start = serializers.IntegerField(help_text="Offset in the submitted text.")
    end = serializers.IntegerField()


class ParsedCopySerializer(serializers.Serializer):
    """The article that the copy would make, and where each part came from."""

    headline = serializers.CharField()
    section = serializers.CharField(allow_null=True)
    dateline = serializers.CharField(allow_null=True)
    dateline_place = serializers.CharField(allow_null=True)
    source_name = serializers.CharField(allow_null=True)
    byline = serializers.CharField(allow_null=True)
    summary = serializers.CharField()
    paragraphs = serializers.ListField(child=serializers.CharField())
    attributions = serializers.ListField(child=serializers.CharField())
    related = RelatedStorySerializer(many=True)
    language = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    spans = SpanSerializer(many=True)
    regions = FoundRegionSerializer(many=True)


class BulkItemResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the item in the request.")
    outcome = serializers.ChoiceField(choices=["created", "duplicate", "error"])
    id = serializers.IntegerField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    errors = ProblemFieldErrorSerializer(many=True, required=False)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = BulkItemResultSerializer(many=True)
