"""Why a feed could not be imported; the message is meant for the operator."""


class FeedError(Exception):
    """A feed could not be fetched or read as a feed."""


class FeedFetchError(FeedError):
    """The feed could not be fetched safely: refused address, timeout, too large, …"""


class FeedParseError(FeedError):
    """The bytes are not a feed we read: hostile XML, or not a feed at all."""
