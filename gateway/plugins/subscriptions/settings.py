"""The `subscriptions:` section of the config file."""

from __future__ import annotations

from dataclasses import dataclass

from ...config.declare import setting
from ...execute.subscription import SubscriptionSettings


@dataclass(frozen=True)
class SubscriptionsConfig:
    """Subscriptions: graphql-transport-ws over WebSocket and GraphQL over SSE."""

    enabled: bool = setting(True, doc="Serve subscriptions: WebSocket at `path`, SSE at `/graphql`.")
    path: str = setting("/graphql", doc="The WebSocket endpoint (graphql-transport-ws).")
    keepalive_interval: float = setting(
        12.0, doc="Seconds between the gateway's `ping` messages on a WebSocket (0: none).", minimum=0
    )
    keepalive_timeout: float = setting(
        60.0,
        doc="Seconds a WebSocket client may stay silent (not even a `pong` to the gateway's pings) "
        "before it is taken for gone and closed with 4504, its subscriptions ended (0: never).",
        minimum=0,
    )
    connection_init_timeout: float = setting(
        3.0, doc="Seconds a WebSocket client has to send `connection_init` (then close 4408).", minimum=0.1
    )
    max_buffered_events: int = setting(
        1000,
        doc="Messages waiting to be sent to one client at most; one more and it is cut off as a slow "
        "consumer (WebSocket close 1013; an SSE response ends).",
        minimum=1,
    )
    max_subscriptions_per_connection: int = setting(
        100, doc="Operations running at once on one WebSocket (one more: close 4400).", minimum=1
    )
    subgraph_connect_timeout: float = setting(
        10.0, doc="Seconds to open a subgraph's subscription socket.", minimum=0.1
    )
    subgraph_ack_timeout: float = setting(
        10.0, doc="Seconds a subgraph has to acknowledge `connection_init`.", minimum=0.1
    )
    subgraphs: dict[str, str] = setting(
        default_factory=dict,
        doc="Subgraph name -> its subscription URL (default: its URL with the ws/wss scheme).",
        example={"benefits": "wss://benefits.internal/graphql"},
    )

    @property
    def empty(self) -> bool:
        return not self.enabled

    @property
    def upstream(self) -> SubscriptionSettings:
        return SubscriptionSettings(self.subgraph_connect_timeout, self.subgraph_ack_timeout)

    @property
    def subgraph_urls(self) -> dict[str, str]:
        return self.subgraphs
