"""RFC 8288 `Link` headers that point API clients at the feeds of the articles they list."""

from django.urls import reverse

from .renderers import AtomRenderer, JSONFeedRenderer, RssRenderer

FEEDS = (("feed-rss", RssRenderer), ("feed-atom", AtomRenderer), ("feed-json", JSONFeedRenderer))

# Article list parameters that page or shape the answer rather than choose articles.
NOT_FILTERS = ("cursor", "page_size", "ordering", "format")


def feed_links(request):
    """`Link` header value naming each feed of the articles the request filters for."""
    query = request.query_params.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    suffix = f"?{query.urlencode()}" if query else ""
    return ", ".join(
        f'<{reverse(name)}{suffix}>; rel="alternate"; type="{renderer.media_type}"'
        for name, renderer in FEEDS
    )
