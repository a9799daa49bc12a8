"""The playground: GraphiQL for people, and query plans for whoever may see them.

    playground:
      enabled: true               # browsers get the page at GET /graphql and GET / (off by default)
      expose_query_plans: true    # answer `Apollo-Expose-Query-Plan` (off by default)
      title: "Citizen platform"
      headers: { x-citizen-id: "${DEMO_CITIZEN:-}" }   # pre-filled in the headers editor (unless empty)
      examples:
        - { name: Dashboard, query: "query Dashboard { me { givenName } }" }

With `enabled`, a `GET /graphql` (or `/`) whose `Accept` prefers `text/html` gets the page;
every GraphQL client (`application/json`, `application/graphql-response+json`, `*/*`, no
Accept) gets GraphQL over HTTP exactly as without the plugin. The page loads only the committed
bundle under `/playground/assets/` (see `page.py`: no CDN, a strict CSP). Its Plan panel shows
the query plan, which needs `expose_query_plans` (see `plans.py` for what a client receives).
The demo platform turns both on (`subgraphs/gateway.yaml`); leave them off in production.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from ...config.declare import setting
from ...hooks import Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphResponse
from .page import PageSettings, PlaygroundMiddleware, asset_routes
from .plans import EXTENSION, STATE, asked, plan_extension, recorder_of


@dataclass(frozen=True, kw_only=True)
class Example:
    """A ready-made operation the page offers."""

    name: str = setting(doc="Its name in the Examples panel.", example="Dashboard")
    query: str = setting(doc="The operation's text.")
    description: str = setting("", doc="One line on what it shows.")
    variables: Any = setting(None, doc="Variables to go with it (a mapping).")

    def to_page(self) -> dict[str, Any]:
        variables = json.dumps(self.variables, indent=2) if self.variables is not None else ""
        return {
            "name": self.name,
            "query": self.query,
            "description": self.description,
            "variables": variables,
        }


@dataclass(frozen=True)
class PlaygroundConfig:
    """The GraphiQL playground, and query plans on request (both off by default)."""

    enabled: bool = setting(
        False, doc="Browsers asking for HTML at `GET /graphql` or `GET /` get the playground."
    )
    expose_query_plans: bool = setting(
        False, doc="Answer `Apollo-Expose-Query-Plan: true | dry-run` with the plan in `extensions`."
    )
    title: str = setting("govgraph", doc="The page's title.")
    examples: tuple[Example, ...] = setting((), doc="Example operations, the first one opened at start.")
    headers: Mapping[str, str | None] = setting(
        default_factory=dict,
        doc="Headers pre-filled in the headers editor (empty values are left out).",
        example={"x-citizen-id": "${DEMO_CITIZEN:-}"},  # unset: null, left out
    )

    @property
    def active(self) -> bool:
        return self.enabled or self.expose_query_plans

    def page(self) -> PageSettings:
        return PageSettings(
            title=self.title,
            examples=[example.to_page() for example in self.examples],
            headers={name: value for name, value in self.headers.items() if value},  # set ones only
            expose_plan=self.expose_query_plans,
        )


class PlaygroundPlugin(Plugin):
    name = "playground"
    Config = PlaygroundConfig

    def http_middleware(self) -> Sequence[Middleware]:
        config: PlaygroundConfig = self.config
        return [Middleware(PlaygroundMiddleware, settings=config.page())] if config.enabled else []

    def routes(self) -> Sequence[BaseRoute]:
        return asset_routes() if self.config.enabled else []

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        if self.config.expose_query_plans:
            recorder = asked(ctx)
            if recorder is not None:
                ctx.state[STATE] = recorder
        return None

    async def on_operation(self, ctx: RequestContext) -> GraphQLResult | None:
        recorder = recorder_of(ctx)
        if recorder is not None and recorder.dry_run:
            return GraphQLResult(executed=False)  # planned, not run: the plan is all the answer
        return None

    def request_key(self, ctx: RequestContext) -> Hashable | None:
        # a request timing its own fetches does not share another's execution
        return id(ctx) if recorder_of(ctx) is not None else None

    def on_subgraph_request(self, request: SubgraphRequest) -> None:
        recorder = recorder_of(request.context)
        if recorder is not None:
            recorder.before(request)

    def on_subgraph_response(self, request: SubgraphRequest, response: SubgraphResponse) -> None:
        recorder = recorder_of(request.context)
        if recorder is not None:
            recorder.after(request)

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> None:
        recorder = recorder_of(ctx)
        if recorder is not None and ctx.plan is not None:
            ctx.extensions[EXTENSION] = plan_extension(ctx.plan, recorder)


__all__ = ["Example", "PlaygroundConfig", "PlaygroundPlugin"]
