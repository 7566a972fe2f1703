"""Operation summaries, descriptions and examples for the OpenAPI schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view

from .serializers import (
    ArticleDetailSerializer,
    ArticleWriteSerializer,
    BulkResultSerializer,
    CopySerializer,
    ParsedCopySerializer,
    TagResultSerializer,
    TagTextSerializer,
)

WIRE_COPY_EXAMPLE = OpenApiExample(
    "Wire copy",
    request_only=True,
    media_type="text/plain",
    value=(
        "Business\n\nPort strike halts grain exports for a third day\n\n"
        "ODESA (Reuters) - Dockworkers kept the gates of the Black Sea port closed on "
        "Wednesday, Ukrainian officials said.\n\nTalks resume in Kyiv on Friday.\n\nShare"
    ),
)

ARTICLE_WRITE_EXAMPLE = OpenApiExample(
    "A wire story",
    request_only=True,
    value={
        "headline": "Port strike halts grain exports for a third day",
        "body": "Dockworkers kept the gates closed on Wednesday.\n\nTalks resume on Friday.",
        "published_at": "2026-11-25T09:30:00Z",
        "section": "business",
        "source": "reuters",
        "dateline": "ODESA",
        "dateline_region": "odesa",
        "language": "en",
        "regions": ["ukraine"],
        "canonical_url": "https://example.com/news/port-strike-day-three",
        "external_id": "wire-2026-11-25-0042",
    },
)

ARTICLE_DETAIL_EXAMPLE = OpenApiExample(
    "A tagged article",
    response_only=True,
    value={
        "id": 42,
        "url": "http://127.0.0.1:8000/api/v1/articles/42/",
        "headline": "Port strike halts grain exports for a third day",
        "slug": "port-strike-halts-grain-exports-for-a-third-day",
        "summary": "Dockworkers kept the gates closed on Wednesday.",
        "section": {"slug": "business", "name": "Business", "url": "http://127.0.0.1:8000/api/v1/sections/business/"},
        "source": {"slug": "reuters", "name": "Reuters", "url": "http://127.0.0.1:8000/api/v1/sources/reuters/"},
        "regions": [
            {"slug": "ukraine", "name": "Ukraine", "kind": "country", "iso2": "UA",
             "country_code": "UA", "is_main": True},
        ],
        "language": "en",
        "published_at": "2026-11-25T09:30:00Z",
        "updated_at": "2026-11-25T09:31:02Z",
        "byline": "",
        "dateline": "ODESA",
        "dateline_region": None,
        "body": "Dockworkers kept the gates closed on Wednesday.\n\nTalks resume on Friday.",
        "related_stories": [{"section": "World", "headline": "Grain prices climb", "source": None}],
        "related_articles": [],
        "tags": [
            {
                "region": {"slug": "ukraine", "name": "Ukraine", "kind": "country", "iso2": "UA",
                           "country_code": "UA", "url": "http://127.0.0.1:8000/api/v1/regions/ukraine/"},
                "method": "manual", "is_main": True, "relevance": 1.0, "confidence": 1.0,
                "mention_count": 0, "roles": [], "mentions": [], "tagger_version": "",
            }
        ],
        "canonical_url": "https://example.com/news/port-strike-day-three",
        "external_id": "wire-2026-11-25-0042",
        "content_hash": "5f1c0a9e2b7d4c3a8e6f1b2d9c0a7e4f3b8d6c1a5e2f9b0d7c4a1e8f6b3d2c9a",
        "version": 1,
        "created_at": "2026-11-25T09:31:02Z",
    },
)  # fmt: skip

_write = {
    "request": ArticleWriteSerializer,
    "responses": ArticleDetailSerializer,
    "examples": [ARTICLE_WRITE_EXAMPLE, ARTICLE_DETAIL_EXAMPLE],
}

article_docs = extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description=(
            "Newest first, a cursor page at a time. Filter by search terms, source, section, "
            "region (regions below the one named match too), language and dates. Unknown "
            "parameters are refused with 400."
        ),
    ),
    retrieve=extend_schema(
        summary="Get an article",
        description="The whole article: body, dateline, related items and why each region tag "
        "was given.",
        examples=[ARTICLE_DETAIL_EXAMPLE],
    ),
    create=extend_schema(
        summary="Create an article",
        description="Store a structured article. Needs a token with the `add_article` "
        "permission. The same copy twice is refused with 409.",
        **_write,
    ),
    update=extend_schema(
        summary="Replace an article",
        description="Replace every writable field; optional fields left out are cleared.",
        **_write,
    ),
    partial_update=extend_schema(
        summary="Change an article",
        description="Change only the fields sent.",
        **_write,
    ),
    destroy=extend_schema(summary="Delete an article", description="Delete it for good."),
    ingest=extend_schema(
        summary="Ingest wire copy",
        description="Parse raw copy (`text/plain`, or JSON with `text` and optional overrides), "
        "tag its regions, resolve or create its source and store it: 201 with the new article, "
        "or 200 with the stored one when the same copy was ingested before. Needs the "
        "`add_article` permission.",
        request={"text/plain": OpenApiTypes.STR, "application/json": CopySerializer},
        responses={
            201: OpenApiResponse(ArticleDetailSerializer, "Stored; `Location` names it."),
            200: OpenApiResponse(ArticleDetailSerializer, "Already stored: the same copy."),
        },
        examples=[WIRE_COPY_EXAMPLE],
    ),
    parse=extend_schema(
        summary="Preview parsed copy",
        description="The structured article that `ingest` would make from this copy, each part "
        "with its character span in the text, and the regions found. Stores nothing; public.",
        request={"text/plain": OpenApiTypes.STR, "application/json": TagTextSerializer},
        responses=ParsedCopySerializer,
        examples=[WIRE_COPY_EXAMPLE],
    ),
    bulk=extend_schema(
        summary="Ingest a batch",
        description='A JSON list of up to 100 items, each raw copy (`{"text": ...}`) or a '
        "structured article. Each item is stored or refused on its own; the response reports "
        "every item: created, duplicate, or error with reasons. Needs `add_article`.",
        request={"application/json": {"type": "array", "items": {"type": "object"}}},
        responses=BulkResultSerializer,
    ),
)

source_docs = extend_schema_view(
    list=extend_schema(
        summary="List sources",
        description="Agencies and outlets, by name; filter by country, kind and language.",
    ),
    retrieve=extend_schema(summary="Get a source", description="A source and its metadata."),
)

section_docs = extend_schema_view(
    list=extend_schema(summary="List sections", description="Editorial sections, by name."),
    retrieve=extend_schema(summary="Get a section", description="One section."),
)

region_docs = extend_schema_view(
    list=extend_schema(
        summary="List regions",
        description="The gazetteer: continents, subregions, countries, disputed territories, "
        "first-level areas and cities. Filter by kind, parent, ISO code or name prefix.",
    ),
    tag=extend_schema(
        summary="Find regions in text",
        description="Geoparsing as a service: the regions a text is about, each with its "
        "evidence (spans), confidence and the ISO code of its country. Stores nothing; public, "
        "throttled, at most 100,000 characters.",
        request={"application/json": TagTextSerializer, "text/plain": OpenApiTypes.STR},
        responses=TagResultSerializer,
    ),
    retrieve=extend_schema(
        summary="Get a region",
        description="A region with its ancestors (root first), children and, for a disputed "
        "territory, the countries that claim it.",
    ),
)
