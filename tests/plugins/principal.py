"""Test only: a principal from the `x-test-subject` header, set before the plugins under test
(in production the identity plugin sets it from a verified token, never from a header)."""

from __future__ import annotations

from gateway.hooks import Plugin, RequestContext
from gateway.messages import GraphQLResult, Principal


class HeaderPrincipal(Plugin):
    name = "test-principal"

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        subject = ctx.headers.get("x-test-subject")
        if subject:
            ctx.principal = Principal(kind="citizen", subject=subject)
        return None
