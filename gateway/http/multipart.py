"""Incremental delivery (`@defer`) over `multipart/mixed`, as Apollo clients and GraphiQL's
fetcher (meros) read it:

    content-type: multipart/mixed; boundary="-"; deferSpec=20220824

    CRLF---CRLF content-type: application/json; charset=utf-8 CRLFCRLF {"data": ..., "hasNext": true}
    CRLF---CRLF content-type: application/json; charset=utf-8 CRLFCRLF {"incremental": [..], "hasNext": false}
    CRLF-----CRLF

Sent in chunks that each end with the delimiter after their part (`CRLF---`): readers take a
part when that delimiter arrives, so a part sent without it would wait for the next; `--CRLF` ends it.

A client takes it when its `Accept` names `multipart/mixed` (Apollo sends
`multipart/mixed;deferSpec=20220824, application/json`). Status 200; a failure while a later
part runs ends the stream with a part holding the error (the status is gone by then).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

from starlette.responses import StreamingResponse

from ..errors import INTERNAL_SERVER_ERROR, error_dict
from ..messages import IncrementalPart, encode_json
from .media import parse_accept

log = logging.getLogger("govgraph.http")

MULTIPART = 'multipart/mixed; boundary="-"; deferSpec=20220824'
DELIMITER = b"\r\n---"
PART_HEAD = b"\r\ncontent-type: application/json; charset=utf-8\r\n\r\n"
CLOSE = b"--\r\n"  # after the last delimiter: `\r\n-----\r\n`


def accepts_multipart(accept: str | None) -> bool:
    """Whether the client reads `multipart/mixed` (named, with q > 0)."""
    if not accept or "multipart" not in accept.lower():
        return False
    return any(r.type == "multipart" and r.subtype == "mixed" and r.quality > 0 for r in parse_accept(accept))


def multipart_response(
    first: dict[str, Any], rest: AsyncIterator[IncrementalPart], headers: Mapping[str, str] | None = None
) -> StreamingResponse:
    """The first part (`hasNext: true`) at once, each later part as the gateway has it."""
    return StreamingResponse(_parts(first, rest), 200, dict(headers or {}), media_type=MULTIPART)


async def _parts(first: dict[str, Any], rest: AsyncIterator[IncrementalPart]) -> AsyncIterator[bytes]:
    # Each chunk ends with the delimiter after its part: a reader (meros, Apollo Client) takes a
    # part only once that delimiter has come, so a part sent without it would wait for the next.
    yield DELIMITER + PART_HEAD + encode_json({**first, "hasNext": True}) + DELIMITER
    try:
        async for part in rest:
            yield PART_HEAD + encode_json(part.body()) + DELIMITER
    except Exception:  # a bug must not cut the stream without a word to the client
        log.exception("a deferred part failed")
        error = error_dict("Internal error while delivering a deferred part.", INTERNAL_SERVER_ERROR)
        yield PART_HEAD + encode_json({"hasNext": False, "errors": [error]}) + DELIMITER
    yield CLOSE
