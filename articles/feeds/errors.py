"""Why a feed could not be imported; the message is meant for the operator."""


class FeedError(Exception):
    """A feed could not be fetched or read as a feed."""


class FeedFetchError(FeedError):
    """The feed could not be fetched safely: refused address, timeout, too large, …"""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status, when the server answered with an error


class FeedParseError(FeedError):
    """The bytes are not a feed we read: hostile XML, or not a feed at all."""
