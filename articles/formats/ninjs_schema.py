"""The part of IPTC ninjs 3.1 that article items use, as documented in the OpenAPI schema."""

from .ninjs import LOCATED, MAIN, MENTIONED

NINJS_SPEC = "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"


def _string(description, **extra):
    return {"type": "string", "description": description, **extra}


def _array_of(properties, required=(), description=None):
    items = {"type": "object", "properties": properties}
    if required:
        items["required"] = list(required)
    schema = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


_TEXT = {
    "role": _string("What the text is, e.g. `main` or `summary`."),
    "contentType": _string("Media type of the value.", const="text/plain"),
    "value": _string("The text."),
}

_CONTACT_INFO = _array_of(
    {
        "type": _string("`address` for a place, `web` for a home page."),
        "name": _string("What the value is."),
        "value": _string("A URL."),
        "address": {
            "type": "object",
            "properties": {
                "locality": _string("The city, for a city."),
                "area": _string("The first-level area, for one."),
                "country": _string("ISO 3166-1 alpha-2 code of the country."),
            },
        },
    }
)

NINJS_ITEM_SCHEMA = {
    "type": "object",
    "description": f"An article as an IPTC ninjs 3.1 news item ({NINJS_SPEC}). Properties "
    "without a value are left out.",
    "required": ["uri", "type", "version", "firstCreated", "versionCreated", "headlines"],
    "properties": {
        "uri": _string("The article's URL in this API.", format="uri"),
        "type": _string("Always `text`.", const="text"),
        "representationType": _string("Always `full`.", const="full"),
        "version": _string("The article's version number; it grows with every change."),
        "firstCreated": _string("When the article was published.", format="date-time"),
        "versionCreated": _string("When this version was stored.", format="date-time"),
        "language": _string("BCP 47 language tag."),
        "headlines": _array_of(_TEXT, ["value"], "The headline, with role `main`."),
        "descriptions": _array_of(_TEXT, ["value"], "The summary, with role `summary`."),
        "bodies": _array_of(
            {
                **_TEXT,
                "charCount": {"type": "integer"},
                "wordCount": {"type": "integer"},
            },
            ["value"],
            "The body: plain-text paragraphs separated by blank lines.",
        ),
        "by": _string("The byline."),
        "located": _string("The dateline's place as written."),
        "places": _array_of(
            {
                "name": _string("The region's name."),
                "rel": _string(
                    f"`{LOCATED}`: the dateline's place; `{MAIN}`: a main subject; "
                    f"`{MENTIONED}`: only mentioned.",
                    enum=[LOCATED, MAIN, MENTIONED],
                ),
                "literal": _string("The region's slug in this API."),
                "uri": _string("The region's GeoNames URI, where known.", format="uri"),
                "contactInfo": _CONTACT_INFO,
            },
            ["name", "rel", "literal"],
            "The dateline's region, then every region the article is tagged with.",
        ),
        "subjects": _array_of(
            {
                "name": _string("The section's name."),
                "rel": _string("Always `section`.", const="section"),
                "literal": _string("The section's slug."),
                "uri": _string("The section's URL in this API.", format="uri"),
            },
            ["name", "rel", "literal", "uri"],
            "The section.",
        ),
        "infoSources": _array_of(
            {
                "name": _string("The source's name."),
                "role": _string("Always `source`.", const="source"),
                "literal": _string("The source's slug."),
                "uri": _string("The source's URL in this API.", format="uri"),
                "contactInfo": _CONTACT_INFO,
            },
            ["name", "role", "literal", "uri"],
            "Who published the article, with its home page.",
        ),
        "associations": _array_of(
            {
                "name": _string("The related article's headline."),
                "rel": _string("Always `related`.", const="related"),
                "uri": _string("The related article's URL in this API.", format="uri"),
                "type": _string("Always `text`.", const="text"),
                "firstCreated": _string("When it was published.", format="date-time"),
            },
            ["name", "rel", "uri", "type"],
            "Related articles.",
        ),
        "altIds": _array_of(
            {
                "role": _string("Which identifier.", enum=["externalId", "canonicalUrl"]),
                "value": _string("The identifier."),
            },
            ["role", "value"],
            "The source's own id and the canonical URL.",
        ),
    },
}

NINJS_ITEM_EXAMPLE = {
    "uri": "http://127.0.0.1:8000/api/v1/articles/42/",
    "type": "text",
    "representationType": "full",
    "version": "1",
    "firstCreated": "2026-11-25T09:30:00Z",
    "versionCreated": "2026-11-25T09:31:02Z",
    "language": "en",
    "headlines": [{"role": "main", "value": "Port strike halts grain exports for a third day"}],
    "descriptions": [
        {
            "role": "summary",
            "contentType": "text/plain",
            "value": "Dockworkers kept the gates closed on Wednesday.",
        }
    ],
    "bodies": [
        {
            "contentType": "text/plain",
            "value": "Dockworkers kept the gates closed on Wednesday.\n\nTalks resume on Friday.",
            "charCount": 72,
            "wordCount": 11,
        }
    ],
    "located": "ODESA",
    "places": [
        {
            "name": "Odesa",
            "rel": LOCATED,
            "literal": "odesa",
            "uri": "https://sws.geonames.org/698740/",
            "contactInfo": [{"type": "address", "address": {"country": "UA", "locality": "Odesa"}}],
        },
        {
            "name": "Ukraine",
            "rel": MAIN,
            "literal": "ukraine",
            "uri": "https://sws.geonames.org/690791/",
            "contactInfo": [{"type": "address", "address": {"country": "UA"}}],
        },
    ],
    "subjects": [
        {
            "name": "Business",
            "rel": "section",
            "literal": "business",
            "uri": "http://127.0.0.1:8000/api/v1/sections/business/",
        }
    ],
    "infoSources": [
        {
            "name": "Reuters",
            "role": "source",
            "literal": "reuters",
            "uri": "http://127.0.0.1:8000/api/v1/sources/reuters/",
            "contactInfo": [
                {"type": "web", "name": "Home page", "value": "https://www.reuters.com/"}
            ],
        }
    ],
    "altIds": [
        {"role": "externalId", "value": "wire-2026-11-25-0042"},
        {"role": "canonicalUrl", "value": "https://example.com/news/port-strike-day-three"},
    ],
}
