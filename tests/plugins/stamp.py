"""A plugin written outside the gateway, as a user would: it stamps every subgraph request with
a header and every response with a field in `extensions`. Used by test_custom_plugin.py from a
config file entry alone."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.config.declare import setting
from gateway.hooks import Plugin, RequestContext, SubgraphRequest
from gateway.messages import GraphQLResult


@dataclass(frozen=True)
class StampConfig:
    header: str = setting(doc="The header set on every subgraph request.")
    value: str = setting(doc="Its value, also sent back in `extensions.stamp`.")


class StampPlugin(Plugin):
    name = "stamp"
    Config = StampConfig

    def on_subgraph_request(self, request: SubgraphRequest) -> None:
        request.headers[self.config.header] = self.config.value

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> None:
        ctx.extensions["stamp"] = {"value": self.config.value, "operation": ctx.kind}
