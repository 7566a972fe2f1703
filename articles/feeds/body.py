"""Reading a response body under a size cap, decompressing it without trusting it.

The cap applies to the bytes received and to the bytes they decompress to, and it is
enforced while reading: a huge or endless body, or a gzip bomb, is stopped at the cap.
"""

import http.client
import zlib

from django.conf import settings

from .errors import FeedFetchError

CHUNK = 64 * 1024


def max_bytes() -> int:
    return getattr(settings, "FEED_MAX_BYTES", 5 * 1024 * 1024)


def read_body(response, check_deadline) -> bytes:
    """The body, decompressed, refused as soon as it would pass FEED_MAX_BYTES.

    `check_deadline` raises once the fetch has taken too long; a read cut short by the
    deadline must not pass for a complete body.
    """
    limit = max_bytes()
    declared = response.getheader("Content-Length") or ""
    if declared.isdigit() and int(declared) > limit:
        raise FeedFetchError(f"body is larger than {limit} bytes")
    decoder = make_decoder(response.getheader("Content-Encoding"))
    body, received = bytearray(), 0
    try:
        # read1 returns after one receive, so the deadline is checked however slow the body.
        while chunk := response.read1(CHUNK):
            check_deadline()
            received += len(chunk)
            if received > limit:
                raise FeedFetchError(f"body is larger than {limit} bytes")
            if decoder:
                inflate_into(body, decoder, chunk, limit)
            else:
                body += chunk
    except (OSError, http.client.HTTPException) as exc:
        check_deadline()
        reason = "timed out" if isinstance(exc, TimeoutError) else f"failed: {exc}"
        raise FeedFetchError(f"reading the body {reason}") from None
    check_deadline()
    if decoder and not decoder.eof:
        raise FeedFetchError("compressed body is truncated")
    return bytes(body)


def make_decoder(encoding: str | None):
    encoding = (encoding or "identity").strip().lower()
    if encoding == "identity":
        return None
    if encoding in {"gzip", "x-gzip", "deflate"}:
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    raise FeedFetchError(f"unsupported Content-Encoding {encoding!r}")


def inflate_into(body: bytearray, decoder, data: bytes, limit: int) -> None:
    """Decompress onto `body`, a step at a time, refusing it once it passes `limit`.

    Each step yields at most CHUNK bytes, so a gzip bomb is stopped at the cap while
    memory holds little more than the cap.
    """
    try:
        while data and not decoder.eof:
            body += decoder.decompress(data, min(CHUNK, limit + 1 - len(body)))
            if len(body) > limit:
                raise FeedFetchError("body is larger than the size cap once decompressed")
            data = decoder.unconsumed_tail
    except zlib.error:
        raise FeedFetchError("body is not valid gzip or deflate data") from None
