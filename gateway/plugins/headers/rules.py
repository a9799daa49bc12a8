"""Header rules as configuration (in the spirit of Apollo Router's): for every subgraph
(`all`) and per subgraph, in order, each rule one of

    propagate: { named: x-request-id }                       copy a client header
    propagate: { named: x-client, rename: x-consumer, default: web }
    propagate: { matching: "^x-trace-" }                     every client header whose name matches
    insert:    { name: x-gateway, value: govgraph }          a fixed value
    insert:    { name: x-api-key, from_env: TAX_API_KEY }    a value from the environment, read at start
    remove:    { named: cookie }  /  remove: { matching: "^x-internal-" }   from what the rules built so far

Hop-by-hop and framing headers (host, content-length, connection, …) are never propagated,
and a value with a line break is never sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...config.declare import setting


def _exactly_one(rule: object, names: tuple[str, ...], what: str) -> None:
    if sum(getattr(rule, name) is not None for name in names) != 1:
        raise ValueError(f"{what} takes exactly one of " + ", ".join(f"`{n}`" for n in names))


@dataclass(frozen=True)
class Propagate:
    """Copy a client header (by name, or every one whose name matches a pattern)."""

    named: str | None = setting(None, doc="The client header's name.")
    matching: str | None = setting(None, doc="A regular expression over header names.")
    rename: str | None = setting(None, doc="Send it under this name (with `named`).")
    default: str | None = setting(None, doc="Send this when the client sent none (with `named`).")

    def __post_init__(self) -> None:
        _exactly_one(self, ("named", "matching"), "propagate")
        if self.matching is not None and (self.rename is not None or self.default is not None):
            raise ValueError("`rename` and `default` go with `named`, not `matching`")


@dataclass(frozen=True)
class Insert:
    """Set a header to a fixed value, or to an environment variable's value (read at start)."""

    name: str = setting(doc="The header's name.")
    value: str | None = setting(None, doc="A fixed value.")
    from_env: str | None = setting(None, doc="The environment variable holding the value.")

    def __post_init__(self) -> None:
        _exactly_one(self, ("value", "from_env"), "insert")


@dataclass(frozen=True)
class Remove:
    """Remove headers the earlier rules set (by name, or by a pattern over names)."""

    named: str | None = setting(None, doc="The header's name.")
    matching: str | None = setting(None, doc="A regular expression over header names.")

    def __post_init__(self) -> None:
        _exactly_one(self, ("named", "matching"), "remove")


@dataclass(frozen=True)
class HeaderRule:
    """One rule: exactly one of `propagate`, `insert`, `remove`."""

    propagate: Propagate | None = setting(None, doc="Copy client headers.")
    insert: Insert | None = setting(None, doc="Set a header.")
    remove: Remove | None = setting(None, doc="Remove headers.")

    def __post_init__(self) -> None:
        _exactly_one(self, ("propagate", "insert", "remove"), "a header rule")


@dataclass(frozen=True)
class HeaderRules:
    """Rules for requests to subgraphs, applied in order."""

    request: tuple[HeaderRule, ...] = setting((), doc="Rules for subgraph requests.")


@dataclass(frozen=True)
class HeadersConfig:
    """Which headers reach the subgraphs. With no rules, none of the client's headers do."""

    all: HeaderRules = setting(default_factory=HeaderRules, doc="Rules for every subgraph, first.")
    subgraphs: Mapping[str, HeaderRules] = setting(
        default_factory=dict, doc="Rules per subgraph name, after `all`."
    )

    def rules_for(self, service: str) -> tuple[HeaderRule, ...]:
        own = self.subgraphs.get(service)
        return self.all.request + (own.request if own is not None else ())

    @property
    def empty(self) -> bool:
        return not self.all.request and not any(rules.request for rules in self.subgraphs.values())
