"""The newsroom desk: articles with their tags, sources, sections, regions and tokens.

Article writes go through the same services as the API, so hashes, slugs, versions and
automatic tags stay right whichever way an article was changed.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import services
from .errors import ArticleConflict, IngestError
from .ingestion import service as ingestion
from .models import (
    ApiToken,
    Article,
    ArticleRegion,
    FeedFetch,
    FeedState,
    Region,
    Section,
    Source,
    Story,
)
from .region_tags import apply_automatic_tags

EDITABLE_FIELDS = [
    "headline", "section", "source", "byline", "dateline", "dateline_region", "summary",
    "body", "language", "canonical_url", "external_id", "published_at", "related_stories",
]  # fmt: skip


# Links typed without a scheme are https, as browsers and Django 6 assume.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class RegionTagInline(admin.TabularInline):
    model = ArticleRegion
    extra = 0
    autocomplete_fields = ["region"]
    fields = [
        "region", "method", "is_main", "relevance", "confidence", "mention_count",
        "in_dateline", "in_headline", "in_body", "mentions", "tagger_version",
    ]  # fmt: skip
    readonly_fields = ["mentions", "tagger_version"]


class IngestForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 24, "cols": 100}))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "source", "section", "language", "published_at"]
    list_filter = [
        "published_at", "section", "source", "language",
        ("regions", admin.RelatedOnlyFieldListFilter), "region_tags__method",
    ]  # fmt: skip
    list_select_related = ["source", "section"]
    search_fields = ["headline", "summary", "external_id", "canonical_url"]
    date_hierarchy = "published_at"
    ordering = ["-published_at"]
    autocomplete_fields = ["source", "section", "dateline_region", "related_articles"]
    fields = [*EDITABLE_FIELDS, "related_articles", "slug", "content_hash", "version"]
    readonly_fields = ["slug", "content_hash", "version"]
    inlines = [RegionTagInline]
    actions = ["retag"]
    formfield_overrides = URL_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: getattr(obj, name) for name in form.changed_data
                       if name in EDITABLE_FIELDS}  # fmt: skip
            services.article_update(obj, **changed)
            obj.refresh_from_db()
        else:
            created = services.article_create(
                **{name: getattr(obj, name) for name in EDITABLE_FIELDS}
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.article_delete(obj)  # so the change feed records it, as for the API

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article)

    @admin.action(description="Re-tag the selected articles")
    def retag(self, request, queryset):
        for article in queryset:
            with transaction.atomic():
                apply_automatic_tags(article)
        self.message_user(request, f"Re-tagged {queryset.count()} articles.")

    def get_urls(self):
        ingest = path("ingest/", self.admin_site.admin_view(self.ingest_view),
                      name="articles_article_ingest")  # fmt: skip
        return [ingest, *super().get_urls()]

    def ingest_view(self, request):
        """Paste raw copy: it goes through the same ingestion service as the API."""
        if not self.has_add_permission(request):
            return redirect("admin:articles_article_changelist")
        form = IngestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = ingestion.ingest_copy(form.cleaned_data["text"])
            except (IngestError, ArticleConflict) as exc:
                form.add_error("text", str(exc))
            else:
                level = messages.SUCCESS if result.created else messages.WARNING
                self.message_user(request, f"Article {result.outcome}: {result.article}", level)
                return redirect(reverse("admin:articles_article_change", args=[result.article.pk]))
        context = {**self.admin_site.each_context(request), "form": form,
                   "opts": self.model._meta, "title": "Ingest wire copy"}  # fmt: skip
        return TemplateResponse(request, "admin/articles/article/ingest.html", context)


FETCH_TABLE = (
    "<table><tr><th>When</th><th>Outcome</th><th>HTTP</th><th>New / duplicate / failed</th>"
    "<th>Latency (ms)</th><th>Error</th></tr>{}</table>"
)
FETCH_ROW = "<tr>" + "<td>{}</td>" * 6 + "</tr>"


class FeedStateInline(admin.StackedInline):
    """Where polling stands; only polls write it."""

    model = FeedState
    can_delete = False
    readonly_fields = [
        "next_poll_at", "last_polled_at", "last_success_at", "last_failure_at",
        "error_streak", "last_error", "etag", "last_modified",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "language", "feed_url", "poll_interval"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    formfield_overrides = URL_FIELDS
    inlines = [FeedStateInline]
    readonly_fields = ["recent_fetches"]

    @admin.display(description="Recent fetches")
    def recent_fetches(self, source):
        fetches = list(source.feed_fetches.all()[:20]) if source.pk else []
        if not fetches:
            return "None yet."
        rows = format_html_join("", FETCH_ROW, (
            (f.fetched_at, f.get_outcome_display(), f.status_code or "-",
             f"{f.items_new} / {f.items_duplicate} / {f.items_failed}", f.latency_ms, f.error)
            for f in fetches
        ))  # fmt: skip
        return format_html(FETCH_TABLE, rows)


@admin.register(FeedFetch)
class FeedFetchAdmin(admin.ModelAdmin):
    """The fetch log, read-only: written by polls, pruned after FEED_FETCH_LOG_DAYS."""

    list_display = ["fetched_at", "source", "outcome", "status_code", "items_new",
                    "items_duplicate", "items_failed", "latency_ms"]  # fmt: skip
    list_filter = ["outcome", "source"]
    list_select_related = ["source"]
    date_hierarchy = "fetched_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StoryArticleInline(admin.TabularInline):
    model = Article
    fields = ["headline", "source", "published_at"]
    readonly_fields = fields
    ordering = ["published_at", "id"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Read-only: stories are found by `assign_stories`, not edited by hand."""

    list_display = ["headline", "first_published_at", "last_published_at", "article_count"]
    date_hierarchy = "last_published_at"
    search_fields = ["headline"]
    inlines = [StoryArticleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(ordering="article_count")
    def article_count(self, story):
        return story.article_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
