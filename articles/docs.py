"""Operation summaries, descriptions and examples for the OpenAPI schema."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from .formats.negotiation import NinjsItemSerializer
from .formats.ninjs import MEDIA_TYPE as NINJS_MEDIA_TYPE
from .formats.ninjs_schema import NINJS_ITEM_EXAMPLE
from .serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleWriteSerializer,
    BulkResultSerializer,
    CopySerializer,
    ParsedCopySerializer,
    TagResultSerializer,
    TagTextSerializer,
)
from .syndication.feeds import FEED_LENGTH

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

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` of the version you edited; if the article changed since, the "
    "write is refused with 412 instead of overwriting someone else's change.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` you hold; 304 with no body if the article is unchanged.",
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A unique value per intended write (e.g. a UUID). A retry with the same key and "
    "body gets the first response again (with `Idempotent-Replayed: true`) instead of acting "
    "twice; the same key with another body is 422. Kept for 24 hours.",
)

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "ninjs"],
    description="`ninjs` for IPTC ninjs 3.1 news items, as `Accept: application/ninjs+json` "
    "asks; the API's own JSON otherwise.",
)
FEED_LINKS = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="RFC 8288 links to the RSS, Atom and JSON feeds of the same filters, e.g. "
    '`</feeds/articles.rss?region=armenia>; rel="alternate"; type="application/rss+xml"`.',
)
NINJS_EXAMPLE = OpenApiExample(
    "As ninjs", response_only=True, media_type=NINJS_MEDIA_TYPE, value=NINJS_ITEM_EXAMPLE
)


def ninjs_or(serializer):
    """A 200 answered with `serializer` as JSON, or as ninjs items when asked for."""
    return {(200, "application/json"): serializer, (200, NINJS_MEDIA_TYPE): NinjsItemSerializer}


ARTICLE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The article's id."
)

_write = {
    "request": ArticleWriteSerializer,
    "responses": ArticleDetailSerializer,
    "examples": [ARTICLE_WRITE_EXAMPLE, ARTICLE_DETAIL_EXAMPLE],
}
_edit = {**_write, "parameters": [ARTICLE_ID, IF_MATCH]}

article_docs = extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description=(
            "Newest first, a cursor page at a time. Filter by search terms, source, section, "
            "region (regions below the one named match too), language and dates. Unknown "
            "parameters are refused with 400. `Accept: application/ninjs+json` (or "
            "`?format=ninjs`) answers with IPTC ninjs items; the `Link` header names the "
            "article feeds of the same filters."
        ),
        parameters=[FORMAT_PARAMETER, FEED_LINKS],
        responses=ninjs_or(ArticleListSerializer),
    ),
    retrieve=extend_schema(
        summary="Get an article",
        description="The whole article: body, dateline, related items and why each region tag "
        "was given. The `ETag` header names this version: send it back in `If-None-Match` to "
        "get 304 when nothing changed, or in `If-Match` when you write.",
        parameters=[IF_NONE_MATCH, FORMAT_PARAMETER],
        responses={
            **ninjs_or(ArticleDetailSerializer),
            304: OpenApiResponse(description="Not modified since the version you hold."),
        },
        examples=[ARTICLE_DETAIL_EXAMPLE, NINJS_EXAMPLE],
    ),
    create=extend_schema(
        summary="Create an article",
        description="Store a structured article. Needs a token with the `add_article` "
        "permission. The same copy twice is refused with 409.",
        parameters=[IDEMPOTENCY_KEY],
        **_write,
    ),
    update=extend_schema(
        summary="Replace an article",
        description="Replace every writable field; optional fields left out are cleared.",
        **_edit,
    ),
    partial_update=extend_schema(
        summary="Change an article",
        description="Change only the fields sent.",
        **_edit,
    ),
    destroy=extend_schema(
        summary="Delete an article",
        description="Delete it for good.",
        parameters=[ARTICLE_ID, IF_MATCH],
    ),
    ingest=extend_schema(
        summary="Ingest wire copy",
        description="Parse raw copy (`text/plain`, or JSON with `text` and optional overrides), "
        "tag its regions, resolve or create its source and store it: 201 with the new article, "
        "or 200 with the stored one when the same copy was ingested before. Needs the "
        "`add_article` permission.",
        request={"text/plain": OpenApiTypes.STR, "application/json": CopySerializer},
        parameters=[IDEMPOTENCY_KEY],
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
        parameters=[IDEMPOTENCY_KEY],
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


def feed_docs(extension, name, media_type, body):
    """Schema docs of the article feed in one format, served at `articles.<extension>`."""
    get = extend_schema(
        tags=["feeds"],
        operation_id=f"feeds_articles_{extension}",
        summary=f"Latest articles as {name}",
        description=f"The latest {FEED_LENGTH} articles, newest first, as {name}. The "
        "article list's filters apply (a region matches the regions below it too); unknown "
        "parameters are refused with 400. Summaries are plain text, HTML-escaped where the "
        "format carries HTML.",
        responses={(200, media_type): OpenApiResponse(body, f"The {name} feed.")},
    )
    return extend_schema_view(get=get)
