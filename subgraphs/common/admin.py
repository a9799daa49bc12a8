"""The legacy systems' test hooks (`/_admin/...`, `/_stats`) are for the platform's operators only.

`govgraph up` generates a token per run (or keeps `$GOVGRAPH_ADMIN_TOKEN` when set) and gives it to
its children; a hook answers only a request with `Authorization: Bearer <that token>` (compared in
constant time). Without a configured token every hook refuses: nobody can fault or reconfigure a
legacy system around the gateway.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

ADMIN_TOKEN_ENV = "GOVGRAPH_ADMIN_TOKEN"
HOOK_PREFIXES = ("/_admin", "/_stats")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def admin_headers(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def is_admin(headers: Mapping[str, str], token: str | None) -> bool:
    """True when `headers` carry the admin bearer `token` (never when no token is configured)."""
    if not token:
        return False
    scheme, _, given = headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def admin_guard(token: str | None = None) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """aiohttp middleware refusing the hooks without the admin token (default: `$GOVGRAPH_ADMIN_TOKEN`)."""
    expected = token if token is not None else os.environ.get(ADMIN_TOKEN_ENV)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(HOOK_PREFIXES) and not is_admin(request.headers, expected):
            status = 401 if "authorization" not in request.headers else 403
            body = {"error": "the test hooks need the platform's admin token (Authorization: Bearer)"}
            return web.json_response(body, status=status, headers={"WWW-Authenticate": "Bearer"})
        return await handler(request)

    return guard
