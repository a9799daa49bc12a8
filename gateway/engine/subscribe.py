"""Operations over a stream (WebSocket, SSE): one request, one result or many.

    admit (on_request ─► compile ─► on_operation: identity, authorization, limits, demand)
      ─► the primary fetch as a subgraph subscription (WebSocket; `execute/subscription.py`)
      ─► for each event: the plugins' wrapped execution with the event as the root data
         (the rest of the plan: entity fetches), shaped ─► on_response (audit: per event)

A query or mutation sent over a stream is answered once by `Gateway.handle`. Each event runs on
its own copy of the request context (its own plugin state, headers and extensions), so that
what a plugin adds for one event is not carried into the next. The iteration ends when the
subgraph completes, fails (one last result with SUBGRAPH_SUBSCRIPTION_CLOSED) or when the caller
stops iterating (`aclose()`), which closes the subgraph's socket.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from typing import Any

from ..execute.run import EVENT
from ..execute.subscription import SubgraphSubscription, SubscriptionSettings, websocket_url
from ..hooks import RequestContext, SubgraphRequest
from ..messages import GraphQLResult
from ..plan.nodes import Subscription
from .gateway import CompiledOperation, Gateway


async def subscribe(
    gateway: Gateway,
    ctx: RequestContext,
    urls: Mapping[str, str] | None = None,
    settings: SubscriptionSettings = SubscriptionSettings(),
) -> Streamed | AsyncGenerator[Streamed, None]:
    """Admit `ctx`'s operation: a subscription's events (the subgraph is subscribed to when the
    iteration starts), or the one result of anything else (a refusal, a query's answer).
    `urls`: subgraph name -> its subscription URL (default: its URL with the ws/wss scheme)."""
    ctx.streaming = True
    early = await gateway.admit(ctx)
    compiled: CompiledOperation | None = ctx.state.get("compiled")
    node = compiled.plan.node if compiled is not None else None
    if early is not None or not isinstance(node, Subscription):
        return Streamed(await gateway.respond(ctx, early or await gateway.run_execution(ctx)), ctx.extensions)
    primary = node.primary
    variables = {name: ctx.variables[name] for name in primary.variable_usages if name in ctx.variables}
    request = SubgraphRequest(primary.service, primary.operation, variables, "subscription", ctx)
    for hook in gateway.hooks.on_subgraph_request:
        hook(request)
    url = (urls or {}).get(primary.service) or websocket_url(gateway.clients[primary.service].url)
    return _events(gateway, ctx, SubgraphSubscription(request, url, settings))


async def _events(
    gateway: Gateway, ctx: RequestContext, upstream: SubgraphSubscription
) -> AsyncGenerator[Streamed, None]:
    events = upstream.events()
    try:
        async for response in events:
            state = {**ctx.state, EVENT: (upstream.request, response)}
            event = dataclasses.replace(ctx, state=state, response_headers={}, extensions={})
            result = await gateway.respond(event, await gateway.run_execution(event))
            yield Streamed(result, event.extensions)
    finally:
        await events.aclose()


@dataclass(frozen=True)
class Streamed:
    """One result sent on a stream, with what plugins added to its request's `extensions`."""

    result: GraphQLResult
    extensions: Mapping[str, Any]

    def body(self) -> dict[str, Any]:
        body = self.result.body()
        if self.extensions:  # per request: the result may be shared by de-duplicated requests
            body = {**body, "extensions": {**body.get("extensions", {}), **self.extensions}}
        return body
