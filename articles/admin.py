"""The newsroom desk: articles, sources, sections, regions and tokens."""

from django.contrib import admin

from .models import ApiToken, Article, ArticleRegion, Region, Section, Source


class RegionTagInline(admin.TabularInline):
    model = ArticleRegion
    extra = 0
    autocomplete_fields = ["region"]
    fields = [
        "region", "method", "is_main", "relevance", "confidence", "mention_count",
        "in_dateline", "in_headline", "in_body", "mentions", "tagger_version",
    ]  # fmt: skip
    readonly_fields = ["mentions", "tagger_version"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "source", "section", "language", "published_at"]
    list_filter = ["section", "source", "language", "published_at", "region_tags__method"]
    list_select_related = ["source", "section"]
    search_fields = ["headline", "summary", "external_id", "canonical_url"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source", "section", "dateline_region", "related_articles"]
    readonly_fields = ["slug", "content_hash", "version", "created_at", "updated_at"]
    inlines = [RegionTagInline]
    exclude = ["search_vector"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "language"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "iso2", "country_code", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "iso2", "iso3"]
    autocomplete_fields = ["claimants"]
    # The hierarchy comes from the gazetteer (`load_regions`); the path must follow the parent.
    readonly_fields = ["key", "parent", "path"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["prefix", "key_digest", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # the raw secret must be shown once; issue tokens with `issue_token`

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
