"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a Django feed generator."""

import json

from django.utils.feedgenerator import SyndicationFeed

VERSION = "https://jsonfeed.org/version/1.1"


class JSONFeed(SyndicationFeed):
    """Writes the feed and items that Django's syndication `Feed` collects as JSON Feed 1.1.

    Items need a plain-text `text` (passed through `item_extra_kwargs`): JSON Feed carries
    plain text where RSS and Atom carry HTML.
    """

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        json.dump(self.document(), outfile, ensure_ascii=False)

    def document(self):
        feed = self.feed
        document = {
            "version": VERSION,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}] if feed["author_name"] else None,
            "items": [self.item(item) for item in self.items],
        }
        return _without_empty(document, keep={"items"})  # required, even when there are none

    def item(self, item):
        return _without_empty(
            {
                "id": item["unique_id"] or item["link"],
                "url": item["link"],
                "title": item["title"],
                "content_text": item.get("text") or "",
                "summary": item.get("text"),
                "date_published": _rfc3339(item["pubdate"]),
                "date_modified": _rfc3339(item["updateddate"]),
                "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
                "tags": list(item["categories"]),
                "language": item.get("language"),
            },
            keep={"content_text"},  # JSON Feed needs content_text or content_html, even empty
        )


def _rfc3339(moment):
    return moment.isoformat() if moment else None


def _without_empty(values, keep=()):
    return {key: value for key, value in values.items() if value or key in keep}


_AUTHORS = {
    "type": "array",
    "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
}

JSON_FEED_SCHEMA = {
    "type": "object",
    "description": "A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"type": "string", "const": VERSION},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": _AUTHORS,
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "content_text"],
                "properties": {
                    "id": {"type": "string", "description": "The article's URL."},
                    "url": {"type": "string", "format": "uri"},
                    "title": {"type": "string", "description": "The headline."},
                    "content_text": {
                        "type": "string",
                        "description": "The summary, or the first paragraph without one.",
                    },
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": _AUTHORS,
                    "tags": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "The section's and the tagged regions' names.",
                    },
                    "language": {"type": "string"},
                },
            },
        },
    },
}
