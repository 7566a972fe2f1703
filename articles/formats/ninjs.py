"""Articles as IPTC ninjs 3.1 news items (https://iptc.org/standards/ninjs/).

`to_ninjs` reads only what `Article.objects.for_detail()` fetches, so a page of items costs
no query per item. Empty values are left out, as ninjs prefers absent to empty.
"""

from django.urls import reverse
from rest_framework.fields import DateTimeField

MEDIA_TYPE = "application/ninjs+json"
GEONAMES_URI = "https://sws.geonames.org/{}/"

# How a place relates to the article, in `places[].rel`.
LOCATED, MAIN, MENTIONED = "located", "main", "mentioned"

# The part of a postal address that names a region of each kind.
ADDRESS_PART = {"city": "locality", "admin_area": "area"}

_timestamp = DateTimeField()


def to_ninjs(article, request):
    """One article as a ninjs `text` item; links are absolute, built from the request."""
    item = {
        "uri": _absolute(request, "article-detail", article.pk),
        "type": "text",
        "representationType": "full",
        "version": str(article.version),
        "firstCreated": _timestamp.to_representation(article.published_at),
        "versionCreated": _timestamp.to_representation(article.updated_at),
        "language": article.language,
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": _text("summary", article.summary),
        "bodies": _bodies(article.body),
        "by": article.byline,
        "located": article.dateline or getattr(article.dateline_region, "name", ""),
        "places": _places(article),
        "subjects": _subjects(article, request),
        "infoSources": _info_sources(article, request),
        "associations": _associations(article, request),
        "altIds": _alt_ids(article),
    }
    return {key: value for key, value in item.items() if value}


def _absolute(request, view_name, *args):
    return request.build_absolute_uri(reverse(view_name, args=args))


def _text(role, value):
    return [{"role": role, "contentType": "text/plain", "value": value}] if value else []


def _bodies(body):
    if not body:
        return []
    return [
        {
            "contentType": "text/plain",
            "value": body,
            "charCount": len(body),
            "wordCount": len(body.split()),
        }
    ]


def place(region, rel):
    """A region as a ninjs place: its name, our slug, its GeoNames URI and its country."""
    entry = {"name": region.name, "rel": rel, "literal": region.slug}
    if region.geonames_id:
        entry["uri"] = GEONAMES_URI.format(region.geonames_id)
    country = region.country_code or region.iso2
    if country:
        address = {"country": country}
        if region.kind in ADDRESS_PART:
            address[ADDRESS_PART[region.kind]] = region.name
        entry["contactInfo"] = [{"type": "address", "address": address}]
    return entry


def _places(article):
    """The dateline's place first, then every tagged region, main subjects before mentions."""
    places = [place(article.dateline_region, LOCATED)] if article.dateline_region else []
    tags = sorted(article.region_tags.all(), key=lambda tag: not tag.is_main)
    places += [place(tag.region, MAIN if tag.is_main else MENTIONED) for tag in tags]
    return places


def _subjects(article, request):
    section = article.section
    if section is None:
        return []
    uri = _absolute(request, "section-detail", section.slug)
    return [{"name": section.name, "rel": "section", "literal": section.slug, "uri": uri}]


def _info_sources(article, request):
    source = article.source
    if source is None:
        return []
    entry = {
        "name": source.name,
        "role": "source",
        "literal": source.slug,
        "uri": _absolute(request, "source-detail", source.slug),
    }
    if source.homepage:
        entry["contactInfo"] = [{"type": "web", "name": "Home page", "value": source.homepage}]
    return [entry]


def _associations(article, request):
    return [
        {
            "name": related.headline,
            "rel": "related",
            "uri": _absolute(request, "article-detail", related.pk),
            "type": "text",
            "firstCreated": _timestamp.to_representation(related.published_at),
        }
        for related in article.related_articles.all()
    ]


def _alt_ids(article):
    ids = [("externalId", article.external_id), ("canonicalUrl", article.canonical_url)]
    return [{"role": role, "value": value} for role, value in ids if value]
