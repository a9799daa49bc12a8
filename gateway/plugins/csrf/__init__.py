"""CSRF prevention, as Apollo Router's: execute only requests a browser would have preflighted.

A cross-site page can make a browser send a "simple" request — GET, or POST with no
content-type or one of `text/plain`, `application/x-www-form-urlencoded`, `multipart/form-data`
— with the user's cookies and without asking the server first (no CORS preflight). Such a
request is refused (400 CSRF_ERROR) unless it carries a non-empty header a page can only set
after a preflight: one of `required_headers`, or a content-type outside those three (a
`content-type: application/json` GET was preflighted too: the Fetch standard preflights any
request whose content-type is not one of the three, whatever the method).

So `GET /graphql?query=...` needs e.g. `graphql-preflight: 1` (Apollo Client's
`apollo-require-preflight: true`, Apollo iOS/Kotlin's `x-apollo-operation-name` count too).
POSTs with `application/json` pass as they are; other POST bodies are refused by the HTTP layer
before any plugin (415), as the Router does.

    csrf:
      enabled: true
      required_headers: [x-apollo-operation-name, apollo-require-preflight, graphql-preflight]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...config.declare import setting
from ...errors import CSRF_ERROR, error_dict
from ...hooks import Plugin, RequestContext
from ...hooks.context import WEBSOCKET
from ...messages import GraphQLResult

SIMPLE_CONTENT_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"})
PREFLIGHT_HEADERS = ("x-apollo-operation-name", "apollo-require-preflight", "graphql-preflight")


@dataclass(frozen=True)
class CsrfConfig:
    """Refusing requests a browser could send cross-site without a CORS preflight."""

    enabled: bool = setting(True, doc="Refuse simple (non-preflighted) requests.")
    required_headers: tuple[str, ...] = setting(
        PREFLIGHT_HEADERS,
        doc="Any of these headers, non-empty, shows the request was preflighted (case-insensitive).",
    )

    @property
    def empty(self) -> bool:
        return not self.enabled


def content_type_forces_preflight(content_type: str | None) -> bool:
    """A content-type (of any method) outside the three a form or `no-cors` fetch can send."""
    if content_type is None:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media not in SIMPLE_CONTENT_TYPES


def preflighted(headers: Mapping[str, str], required: tuple[str, ...]) -> bool:
    if content_type_forces_preflight(headers.get("content-type")):
        return True
    return any(headers.get(name) for name in required)


class CsrfPlugin(Plugin):
    name = "csrf"
    Config = CsrfConfig

    def __init__(self, config: CsrfConfig | None = None) -> None:
        super().__init__(config)
        self.required = tuple(name.lower() for name in self.config.required_headers)
        self.message = (
            "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). "
            f"Send a non-empty `{self.required[0] if self.required else 'content-type'}` header "
            f"(or one of: {', '.join(self.required)}), or a content-type other than "
            f"{', '.join(sorted(SIMPLE_CONTENT_TYPES))}."
        )

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        # Over a WebSocket the credentials come in `connection_init`, set by the page's script,
        # never ambient (the gateway reads no cookies): there is nothing a cross-site page could use.
        if ctx.method == WEBSOCKET or preflighted(ctx.headers, self.required):
            return None
        error = error_dict(self.message, CSRF_ERROR)
        return GraphQLResult(errors=[error], executed=False, status=400, refusal=True)
