"""Articles, their region tags, and the queries that read them."""

import functools
import json
import time

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import F, Prefetch, Q

from .regions import Region

SEARCH_CONFIG = "english"
# Ordering by relevance ranks at most this many of the newest matches.
RANK_CANDIDATES = 1000
# Up to this many estimated matches, and this share of all articles, a search starts
# from the GIN index (see `search`): sorting them costs less than walking the date index
# past the 1 / share articles it would visit per match found.
FEW_MATCHES = 20_000
FEW_MATCHES_SHARE = 0.02
UNREACHABLE = 2**62
ESTIMATE_SECONDS = 600


class ArticleQuerySet(models.QuerySet):
    def for_listing(self):
        """Everything the list serializer reads, in a fixed number of queries."""
        tags = ArticleRegion.objects.select_related("region").order_by("-relevance", "region_id")
        return self.select_related("source", "section").prefetch_related(
            Prefetch("region_tags", queryset=tags)
        )

    def for_detail(self):
        """Everything the detail serializer reads, in a fixed number of queries."""
        related = Article.objects.only("id", "headline", "published_at").order_by("-published_at")
        return (
            self.for_listing()
            .select_related("dateline_region", "source__country")
            .prefetch_related(Prefetch("related_articles", queryset=related))
        )

    def with_tag(self, condition: Q):
        """Articles with at least one region tag meeting the condition, each once."""
        return self.filter(id__in=ArticleRegion.objects.filter(condition).values("article_id"))

    def search(self, terms: str):
        """Full-text match; on PostgreSQL against the stored, GIN-indexed vector.

        A term matching few articles is looked up in the GIN index first and its matches
        sorted: left to itself, PostgreSQL walks the date index and checks (detoasting)
        every article's vector until it has a page, tens of thousands of rows for a rare
        word in a large archive. A common term is best found that way, so it is left to it.
        """
        if connection.vendor == "postgresql":
            matches = self.filter(search_vector=_query(terms))
            if not _few_matches(terms):
                return matches
            found = Article.objects.filter(search_vector=_query(terms)).values("id")
            # The LIMIT (never reached) keeps PostgreSQL from folding the look-up back in.
            return self.filter(id__in=found[:UNREACHABLE])
        # Elsewhere every word must appear in the headline, summary or body.
        matched = self
        for word in terms.split():
            matched = matched.filter(
                Q(headline__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        return matched

    def ranked(self, terms: str):
        """These articles with a relevance `rank`, computed for the newest RANK_CANDIDATES
        only: ranking every match of a common word in a large archive would read them all.
        PostgreSQL only."""
        candidates = self.order_by("-published_at", "-id").values("id")[:RANK_CANDIDATES]
        return Article.objects.filter(id__in=candidates).annotate(
            rank=SearchRank(F("search_vector"), _query(terms))
        )


def _few_matches(terms: str) -> bool:
    """Whether the terms match few articles, both in number and as a share of all."""
    matches, total = _estimated_matches(terms, int(time.monotonic() // ESTIMATE_SECONDS))
    return matches <= FEW_MATCHES and matches <= FEW_MATCHES_SHARE * total


@functools.lru_cache(maxsize=4096)
def _estimated_matches(terms: str, period: int = 0) -> tuple[float, float]:
    """PostgreSQL's own estimates (from its statistics) of how many articles match and
    how many there are; planning only, nothing is read. Kept for a `period`, as the
    statistics change only when the archive has grown."""
    everything = Article.objects.values("id")
    plans = [everything.filter(search_vector=_query(terms)), everything]
    rows = [json.loads(plan.explain(format="json"))[0]["Plan"]["Plan Rows"] for plan in plans]
    return rows[0], rows[1]


def _query(terms: str) -> SearchQuery:
    return SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)


class Article(models.Model):
    headline = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, editable=False)
    section = models.ForeignKey(
        "Section", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source = models.ForeignKey(
        "Source", null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=200, blank=True, help_text="The place as written.")
    dateline_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Plain-text paragraphs separated by blank lines.")
    related_stories = models.JSONField(
        default=list, blank=True, help_text="Related headlines as printed with the copy."
    )
    language = models.CharField(max_length=35, default="en", help_text="BCP 47 language tag.")
    # NULL rather than "" when absent, so the unique constraints below skip missing values.
    canonical_url = models.URLField(max_length=1000, null=True, blank=True)  # noqa: DJ001
    external_id = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    published_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    story = models.ForeignKey(
        "Story",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The story it tells, shared with its reprints; set after it is stored.",
    )
    regions = models.ManyToManyField(Region, through="ArticleRegion", related_name="articles")
    related_articles = models.ManyToManyField("self", symmetrical=True, blank=True)
    # Kept up to date by a database trigger on PostgreSQL; unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=Q(canonical_url__isnull=False),
                name="article_unique_canonical_url",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=Q(external_id__isnull=False),
                name="article_unique_external_id_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_published_idx"),
            models.Index(fields=["updated_at", "id"], name="article_updated_idx"),
            models.Index(fields=["source", "-published_at"], name="article_source_published_idx"),
            models.Index(fields=["section", "-published_at"], name="article_section_published_idx"),
            models.Index(fields=["language", "-published_at"], name="article_language_idx"),
        ]

    def __str__(self):
        return self.headline


class TagMethod(models.TextChoices):
    MANUAL = "manual", "Set by an editor"
    AUTOMATIC = "automatic", "Found by the tagger"


class ArticleRegion(models.Model):
    """Why an article is tagged with a region: how, where in the text, and how surely."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="region_tags")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="article_tags")
    method = models.CharField(max_length=10, choices=TagMethod.choices)
    is_main = models.BooleanField(default=False, help_text="A main subject, not only mentioned.")
    relevance = models.FloatField(default=1.0)
    confidence = models.FloatField(default=1.0)
    mention_count = models.PositiveIntegerField(default=0)
    in_dateline = models.BooleanField(default=False)
    in_headline = models.BooleanField(default=False)
    in_body = models.BooleanField(default=False)
    mentions = models.JSONField(default=list, blank=True, help_text="Evidence spans.")
    tagger_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-relevance", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "region"], name="tag_unique_region"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1), name="tag_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(relevance__gte=0, relevance__lte=1), name="tag_relevance_range"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "article"], name="tag_region_article_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.region_id}"

    @property
    def roles(self):
        flags = {"dateline": self.in_dateline, "headline": self.in_headline, "body": self.in_body}
        return [role for role, present in flags.items() if present]
