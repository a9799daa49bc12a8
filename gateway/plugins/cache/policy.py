"""What may be cached, for how long and for whom.

A subgraph answer's `Cache-Control` says it: `max-age=N` (seconds), `public`, `private`,
`no-store` / `no-cache` (never kept). A client request is *private* when it has a verified
principal or carries one of the identity headers (`private_headers`, default `authorization`
and `x-citizen-id`): its private entries are keyed by its `scope` — a hash of the principal and
of those headers' values — so one citizen's entries are never another's. An answer to a private
request is shared (public) only when it says `public` explicitly (as RFC 9111 has it for
requests with `Authorization`).

`RequestPolicy` gathers, per client request, what every fetch said: the response may be kept
for the least max-age of its fetches, private if any part was, not at all if any fetch said
nothing (and `default_ttl` is 0), said `no-store`, or was served stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import orjson

from ...cache import memoize
from ...hooks import RequestContext

STATE = "cache.policy"


@dataclass(frozen=True, slots=True)
class Directives:
    """One `Cache-Control` header, parsed."""

    max_age: float | None = None
    public: bool = False
    private: bool = False
    no_store: bool = False


@memoize("cache-control", 256)
def parse_cache_control(header: str | None) -> Directives:
    if not header:
        return Directives()
    max_age: float | None = None
    flags: set[str] = set()
    for part in header.lower().split(","):
        name, _, value = part.strip().partition("=")
        if name in ("max-age", "s-maxage"):
            try:
                seconds = float(value.strip().strip('"'))
            except ValueError:
                flags.add("no-store")
                continue
            max_age = seconds if max_age is None else min(max_age, seconds)
        else:
            flags.add(name)
    no_store = bool(flags & {"no-store", "no-cache"}) or (max_age is not None and max_age <= 0)
    return Directives(max_age, "public" in flags, "private" in flags, no_store)


def request_scope(ctx: RequestContext, private_headers: tuple[str, ...]) -> str | None:
    """The private scope of this request (None: anonymous, nothing identifies it)."""
    found = ctx.state.get("cache.scope", False)
    if found is not False:
        return found  # type: ignore[no-any-return]
    principal = ctx.principal
    values = [ctx.headers.get(name) for name in private_headers]
    scope: str | None = None
    if not principal.anonymous or any(values):
        who = [principal.kind, principal.subject, principal.citizen_id, principal.issuer, values]
        scope = hashlib.sha256(orjson.dumps(who)).hexdigest()[:32]
    ctx.state["cache.scope"] = scope
    return scope


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one fetch (or cached entity) allows: kept `ttl` seconds, privately or not."""

    ttl: float  # 0: not to be kept
    private: bool


def verdict(
    directives: Directives, private_request: bool, configured_ttl: float | None, default: float = 0.0
) -> Verdict:
    """`configured_ttl` (config) wins over max-age, `default` applies when the answer says none;
    `no-store` and `private` always count."""
    if directives.no_store:
        return Verdict(0.0, True)
    ttl = configured_ttl or (directives.max_age if directives.max_age is not None else default)
    private = directives.private or (private_request and not directives.public)
    return Verdict(ttl, private)


@dataclass(slots=True)
class RequestPolicy:
    """Per client request: the least ttl of its fetches, private if any fetch was."""

    ttl: float | None = None
    private: bool = False
    stale: bool = False
    fetches: int = 0
    hits: int = 0
    misses: int = 0
    tags: set[str] = field(default_factory=set)

    def add(self, found: Verdict) -> None:
        self.fetches += 1
        self.ttl = found.ttl if self.ttl is None else min(self.ttl, found.ttl)
        self.private = self.private or found.private

    def outcome(self) -> str:
        """hit | miss | partial | stale, for `Server-Timing: cache;desc=…`."""
        if self.stale:
            return "stale"
        if self.hits and self.misses:
            return "partial"
        return "hit" if self.hits else "miss"


def policy_of(ctx: RequestContext) -> RequestPolicy:
    found: RequestPolicy | None = ctx.state.get(STATE)
    if found is None:
        found = ctx.state[STATE] = RequestPolicy()
    return found
