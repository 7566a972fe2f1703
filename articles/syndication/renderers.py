"""Renderers that write a populated feed generator, one per feed format."""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer

from .jsonfeed import JSONFeed


class FeedRenderer(BaseRenderer):
    generator = None
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.writeString(self.charset)


def _media_type(generator):
    return generator.content_type.split(";")[0]


class RssRenderer(FeedRenderer):
    generator = Rss201rev2Feed
    media_type = _media_type(Rss201rev2Feed)
    format = "rss"


class AtomRenderer(FeedRenderer):
    generator = Atom1Feed
    media_type = _media_type(Atom1Feed)
    format = "atom"


class JSONFeedRenderer(FeedRenderer):
    generator = JSONFeed
    media_type = _media_type(JSONFeed)
    format = "jsonfeed"


class FeedFormatNegotiation(BaseContentNegotiation):
    """A feed's URL names its format, so `Accept` is not consulted: feed readers send all
    sorts of it (`text/xml`, `application/xml`, ...)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
