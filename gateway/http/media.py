"""Media types: which response type a client accepts, what a request body is, and
the response itself (always UTF-8 JSON).

GraphQL over HTTP has two response media types. `application/graphql-response+json`
is chosen when the client names it (it then wins ties with `application/json`);
`application/json` when the client names it, accepts `*/*` / `application/*`, or
sends no `Accept` at all (the spec's legacy default). Quality values follow RFC 9110:
the most specific matching range gives a type its quality; `q=0` refuses it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from ..cache import memoize
from ..messages import encode_json

log = logging.getLogger("govgraph.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
UTF8 = ("utf-8", "utf8")


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: `type/subtype; q=...; charset=...`."""

    type: str
    subtype: str
    quality: float
    charset: str | None

    def specificity(self, media: str) -> int:
        """How precisely this range names `media`: 2 exact, 1 `type/*`, 0 `*/*`, -1 no match."""
        kind, _, sub = media.partition("/")
        if self.type == kind and self.subtype == sub:
            return 2
        if self.type == kind and self.subtype == "*":
            return 1
        if self.type == "*" and self.subtype == "*":
            return 0
        return -1


def _quality(value: str) -> float:
    try:
        quality = float(value)
    except ValueError:
        return 1.0  # a malformed weight is read leniently, as if absent
    return min(max(quality, 0.0), 1.0)


def parse_accept(header: str) -> list[MediaRange]:
    ranges = []
    for part in header.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        quality, charset = 1.0, None
        for param in params:
            name, _, value = param.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                quality = _quality(value)
            elif name == "charset":
                charset = value
        ranges.append(MediaRange(kind, sub, quality, charset))
    return ranges


def _acceptable(ranges: list[MediaRange], media: str) -> MediaRange | None:
    """The most specific range naming `media`, if it accepts it (q > 0, UTF-8)."""
    matching = [r for r in ranges if r.specificity(media) >= 0]
    if not matching:
        return None
    chosen = max(matching, key=lambda r: r.specificity(media))
    if chosen.quality <= 0 or (chosen.charset is not None and chosen.charset not in UTF8):
        return None
    return chosen


@memoize("accept-headers", 512)
def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when nothing we offer is acceptable.

    Cached: clients send a handful of distinct Accept headers, over and over.
    """
    if accept is None or not accept.strip():
        return JSON
    ranges = parse_accept(accept)
    best: tuple[float, bool, bool] | None = None
    choice = None
    for media in (GRAPHQL_RESPONSE, JSON):
        chosen = _acceptable(ranges, media)
        if chosen is None:
            continue
        named = chosen.specificity(media) == 2
        # Higher quality wins; then a type the client named beats one reached by a wildcard;
        # then, both named: graphql-response+json; both by wildcard: application/json.
        rank = (chosen.quality, named, (media == GRAPHQL_RESPONSE) == named)
        if best is None or rank > best:
            best, choice = rank, media
    return choice


@dataclass(frozen=True)
class ContentType:
    media: str
    charset: str | None


def parse_content_type(header: str | None) -> ContentType | None:
    if header is None or not header.strip():
        return None
    media, *params = (piece.strip() for piece in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return ContentType(media.lower(), charset)


def respond(body: Any, status: int, media: str = JSON, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response; `body` may already be encoded (bytes)."""
    return Response(
        body if isinstance(body, bytes) else encode_json(body),
        status_code=status,
        media_type=f"{media}; charset=utf-8",
        headers=dict(headers or {}),
    )
