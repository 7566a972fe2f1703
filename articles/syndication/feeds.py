"""What a feed says about each article, as a Django syndication `Feed`."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

FEED_LENGTH = 50
PUBLISHER = "News API"


def plain_text(article):
    """What a feed item says of the article: its summary, or its first paragraph without one."""
    return article.summary or article.body.strip().split("\n\n", 1)[0].strip()


class ArticleFeed(Feed):
    """The latest articles matching the request's filters; `get_feed(articles, request)`
    returns the populated generator of `feed_type` (RSS, Atom or JSON Feed)."""

    # Atom needs an author for every entry; articles without a byline fall back to this.
    author_name = PUBLISHER
    item_guid_is_permalink = True

    def __init__(self, feed_type, request, language=None):
        self.feed_type = feed_type
        self.request = request
        self.language = language

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django falls back to the site's language; a feed of mixed languages declares none.
        feed.feed["language"] = self.language
        return feed

    def title(self):
        filters = ", ".join(
            f"{name}={','.join(values)}" for name, values in self.request.GET.lists()
        )
        return f"{PUBLISHER}: latest articles" + (f" ({filters})" if filters else "")

    def link(self):
        return self._absolute(reverse("article-list"))

    def feed_url(self):
        return self._absolute(self.request.path)

    def feed_guid(self):
        return self.feed_url()

    def description(self):
        return f"The latest {FEED_LENGTH} articles, newest first."

    def items(self, obj):
        return obj

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS descriptions and Atom summaries are HTML; the article's text is plain.
        return escape(plain_text(item))

    def item_link(self, item):
        return self.request.build_absolute_uri(reverse("article-detail", args=[item.pk]))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        names = [item.section.name] if item.section else []
        names += [tag.region.name for tag in item.region_tags.all()]
        return list(dict.fromkeys(names))

    def item_extra_kwargs(self, item):
        return {"text": plain_text(item), "language": item.language}

    def _absolute(self, path):
        """`path` with the request's query string, as an absolute URL."""
        query = self.request.GET.urlencode()
        return self.request.build_absolute_uri(f"{path}?{query}" if query else path)
