"""The runtime's hook points, and the interface a plugin implements.

    client request ──► on_request        before parsing: headers, identity, persisted documents,
                                         a cached answer (return a result to answer at once)
                   ──► on_document       parsed, before validation: cheap refusals (limits)
                   ──► on_operation      validated and planned, variables coerced: authorization,
                                         cost (return a result to answer at once, or set
                                         `ctx.narrowed` to a `Narrowing`: the engine then plans
                                         its smaller document and shapes against its other one)
                   ──► wrap_execution    around running the plan: de-duplication, response cache
    each fetch     ──► on_subgraph_request   before send: header rules (sync)
                   ──► wrap_subgraph     around the HTTP exchange: de-duplication, entity cache
                   ──► on_subgraph_response  after receive (sync)
    response       ──► on_response       headers, extensions, audit, metrics
    the HTTP app   ──► http_middleware, routes   (asked once) CORS, a playground page, assets

A plugin overrides only the hooks it needs; `Hooks` keeps, per hook, the plugins that
override it, in their configured order, so a hook nobody uses costs nothing.
"""

from .chain import Hooks
from .context import (
    REQUEST_ID_HEADER,
    CompileTimes,
    Narrowing,
    RequestContext,
    SubgraphRequest,
    request_id_from,
)
from .plugin import ExecuteFn, FetchFn, Plugin

__all__ = [
    "REQUEST_ID_HEADER",
    "CompileTimes",
    "ExecuteFn",
    "FetchFn",
    "Hooks",
    "Narrowing",
    "Plugin",
    "RequestContext",
    "SubgraphRequest",
    "request_id_from",
]
