"""Telemetry: for now the `Server-Timing` response header — the gateway's own time and the
time spent waiting for subgraphs on the plan's critical path. (Metrics, traces and access
logs join this section.)

    telemetry:
      server_timing: true
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config.declare import setting
from ...hooks import Plugin, RequestContext
from ...messages import GraphQLResult


@dataclass(frozen=True)
class TelemetryConfig:
    """What the gateway tells about its own work."""

    server_timing: bool = setting(True, doc="Send `Server-Timing: gateway;dur=…, subgraphs;dur=…`.")


class TelemetryPlugin(Plugin):
    name = "telemetry"
    Config = TelemetryConfig

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> None:
        if self.config.server_timing and result.timing is not None:
            ctx.response_headers["server-timing"] = result.timing.header()
