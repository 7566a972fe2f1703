"""Two comparison systems, written the way a typical DRF project is.

`baseline`: ModelViewSets over nested ModelSerializers, PageNumberPagination (a COUNT and
an OFFSET per page), `icontains` search and no select_related/prefetch_related, so every
nested object is one more query. `drf_by_the_book`: the same, plus the select_related and
prefetch_related that DRF's documentation advises for nested serializers.

Both give the JSON shape of the API's items, byte for byte where the data allows (links
point at the API's own URLs); the envelope is DRF's page-number one
(`count`, `next`, `previous`, `results`) instead of the API's cursor one.
Served only by `bench.urls`; the API never imports this module.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from articles.models import Article, ArticleRegion, Region, Section, Source, Story

# --- serializers ---------------------------------------------------------------------------


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
    country = RegionSummarySerializer(read_only=True)

    class Meta:
        model = Source
        fields = [
            "slug", "name", "kind", "homepage", "feed_url", "country", "language",
            "description", "url",
        ]  # fmt: skip


class RegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="region-detail", lookup_field="slug")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Region
        fields = [
            "slug", "name", "kind", "iso2", "iso3", "country_code", "geonames_id", "parent",
            "latitude", "longitude", "url",
        ]  # fmt: skip


class ArticleRegionSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="region.slug")
    name = serializers.CharField(source="region.name")
    kind = serializers.CharField(source="region.kind")
    iso2 = serializers.CharField(source="region.iso2")
    country_code = serializers.CharField(source="region.country_code")

    class Meta:
        model = ArticleRegion
        fields = ["slug", "name", "kind", "iso2", "country_code", "is_main"]


class MentionSerializer(serializers.Serializer):
    role = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()


class RegionTagSerializer(serializers.ModelSerializer):
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
    section = serializers.CharField(allow_null=True, required=False)
    headline = serializers.CharField()
    source = serializers.CharField(allow_null=True, required=False)


class RelatedArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="article-detail")

    class Meta:
        model = Article
        fields = ["id", "headline", "published_at", "url"]


class StoryLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="story-detail")

    class Meta:
        model = Story
        fields = ["id", "url"]


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="article-detail")
    section = SectionSerializer(read_only=True)
    source = SourceSummarySerializer(read_only=True)
    story = StoryLinkSerializer(read_only=True)
    regions = ArticleRegionSerializer(source="region_tags", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "url", "headline", "slug", "summary", "section", "source", "story", "regions",
            "language", "published_at", "updated_at",
        ]  # fmt: skip


class ArticleDetailSerializer(ArticleSerializer):
    dateline_region = RegionSummarySerializer(read_only=True)
    related_stories = RelatedStorySerializer(many=True, read_only=True)
    related_articles = RelatedArticleSerializer(many=True, read_only=True)
    tags = RegionTagSerializer(source="region_tags", many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "byline", "dateline", "dateline_region", "body", "related_stories",
            "related_articles", "tags", "canonical_url", "external_id", "content_hash",
            "version", "created_at",
        ]  # fmt: skip


# --- filtering and pagination --------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class Search(filters.SearchFilter):
    """`?q=` over headline, summary and body, each word with `icontains`."""

    search_param = "q"


class ArticleFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region")
    source = django_filters.CharFilter(field_name="source__slug")
    section = django_filters.CharFilter(field_name="section__slug")
    language = django_filters.CharFilter()
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Article
        fields = []

    def filter_region(self, queryset, name, value):
        """The region and everything below it, by its materialised path."""
        region = Region.objects.filter(slug=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(region_tags__region__path__startswith=region.path).distinct()


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.all()
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, Search]
    filterset_class = ArticleFilter
    search_fields = ["headline", "summary", "body"]

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.order_by("name", "id")
    serializer_class = SourceSerializer
    pagination_class = Pagination
    filter_backends = []
    lookup_field = "slug"


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.order_by("name", "id")
    serializer_class = RegionSerializer
    pagination_class = Pagination
    filter_backends = []
    lookup_field = "slug"


# --- the same, with the eager loading DRF's documentation advises --------------------------


class EagerArticleViewSet(ArticleViewSet):
    def get_queryset(self):
        articles = Article.objects.select_related("source", "section", "story")
        if self.action == "list":
            return articles.prefetch_related("region_tags__region")
        return articles.select_related("dateline_region").prefetch_related(
            "region_tags__region", "related_articles"
        )


class EagerSourceViewSet(SourceViewSet):
    queryset = Source.objects.select_related("country").order_by("name", "id")


class EagerRegionViewSet(RegionViewSet):
    queryset = Region.objects.select_related("parent").order_by("name", "id")
