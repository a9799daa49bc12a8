"""Subscriptions: clients subscribe over graphql-transport-ws (WebSocket) or GraphQL over SSE
(distinct-connections mode); the gateway subscribes to the owning subgraph over WebSocket and
runs the rest of the plan for each event (`gateway/engine/subscribe.py`).

    subscriptions:
      enabled: true
      path: /graphql
      max_buffered_events: 1000      # a slower client is cut off (close 1013)
      subgraphs: { benefits: "wss://benefits.internal/graphql" }

The WebSocket endpoint is a route of its own (`transport_ws.py`: protocol, credentials in
`connection_init`, close codes); SSE is a media type the GraphQL endpoint negotiates
(`gateway/http/sse.py`, given this plugin's settings by the app). Both put a client's messages
in a bounded buffer (`gateway/engine/streams.py`); at shutdown (`shutdown.py`: on the stop signal)
every open stream completes its operations and closes (WebSocket 1001, SSE `complete`), which
closes their subgraph sockets.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, WebSocketRoute
from starlette.websockets import WebSocket

from ...engine.streams import OpenStreams
from ...hooks import Plugin
from .settings import SubscriptionsConfig
from .shutdown import on_stop_signals
from .transport_ws import PROTOCOL, TransportWsConnection


class SubscriptionsPlugin(Plugin):
    name = "subscriptions"
    Config = SubscriptionsConfig

    def __init__(self, config: SubscriptionsConfig | None = None) -> None:
        super().__init__(config)
        self.settings: SubscriptionsConfig = self.config
        self.streams = OpenStreams()

    def routes(self) -> Sequence[BaseRoute]:
        async def endpoint(websocket: WebSocket) -> None:
            await TransportWsConnection(websocket, self.settings, self.streams).serve()

        return [WebSocketRoute(self.settings.path, endpoint)]

    async def start(self) -> None:
        on_stop_signals(self.streams.shut_down)

    async def close(self) -> None:
        await self.streams.shut_down()


__all__ = ["PROTOCOL", "SubscriptionsConfig", "SubscriptionsPlugin"]
