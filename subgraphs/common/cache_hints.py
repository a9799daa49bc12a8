"""The `Cache-Control` an agency subgraph puts on its GraphQL answers, decided per response.

The gateway's caches (`gateway/plugins/cache/`) keep a subgraph answer only as long as its
`Cache-Control` allows, and privately (per caller) unless it says `public`. Each agency app adds
`CacheHints` as a middleware with what it may offer:

    app.add_middleware(CacheHintsMiddleware, hints=CacheHints(public_max_age=3600, private_max_age=60))

and every JSON answer at `/graphql` gets, in this order:
- `private, no-store`  when it is not a 200, carries errors, or reports a personal-data disclosure
                       (`extensions.govgraph.disclosures`: personal data, with an audit record);
- `public, max-age=N`  when the request carried no `x-govgraph-identity` (anonymous) and
                       `public_max_age` is set;
- `private, max-age=N` when the request identified its caller and `private_max_age` is set;
- `private, no-store`  otherwise (tax and benefits: every answer).
The body is looked at, not parsed: the mere words `"errors"` or `"disclosures"` anywhere in it make
the answer `no-store` (a false alarm costs a cache entry, never a leak). An answer that already has a
`Cache-Control`, or is not JSON (the playground's page), is left as it is. `Vary: x-govgraph-identity`
tells any HTTP cache on the way that anonymous and identified answers differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from subgraphs.common.identity import HEADER

NO_STORE = "private, no-store"
_IDENTITY = HEADER.lower().encode()


@dataclass(frozen=True)
class CacheHints:
    """What an agency's answers may be kept for: anonymous ones (`public_max_age`), identified callers'
    ones without personal data (`private_max_age`); None: never."""

    public_max_age: int | None = None
    private_max_age: int | None = None

    def header(self, *, identified: bool, status: int, body: bytes) -> str:
        if status != 200 or b'"errors"' in body or b'"disclosures"' in body:
            return NO_STORE
        if not identified and self.public_max_age:
            return f"public, max-age={self.public_max_age}"
        if identified and self.private_max_age:
            return f"private, max-age={self.private_max_age}"
        return NO_STORE


class CacheHintsMiddleware:
    """Sets `Cache-Control` on the JSON answers at `path` (buffers them: GraphQL answers are whole)."""

    def __init__(self, app: ASGIApp, hints: CacheHints, path: str = "/graphql") -> None:
        self.app, self.hints, self.path = app, hints, path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        identified = any(name.lower() == _IDENTITY for name, _ in scope["headers"])
        start: Message | None = None
        chunks: list[bytes] = []

        async def hinted(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and _hintable(message):
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            value = self.hints.header(identified=identified, status=start["status"], body=body)
            headers = [*start.get("headers", ()), (b"cache-control", value.encode())]
            headers.append((b"vary", HEADER.lower().encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, hinted)


def _hintable(start: Message) -> bool:
    names = {name.lower(): value for name, value in start.get("headers", ())}
    return b"cache-control" not in names and names.get(b"content-type", b"").startswith(b"application/json")


def with_cache_hints(app: Starlette, hints: CacheHints) -> Starlette:
    """`app` with `CacheHintsMiddleware` on its `/graphql` (added before the app starts)."""
    app.add_middleware(CacheHintsMiddleware, hints=hints)
    return app
