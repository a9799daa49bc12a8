"""Resilience per subgraph, around its HTTP exchange (`wrap_subgraph`):

    bulkhead         at most `max_in_flight` requests in flight; beyond, fail fast
    circuit breaker  `failure_threshold` consecutive failures (connection failures, timeouts,
                     HTTP 502/503/504), each within `failure_window` seconds of the one before,
                     open it: every request fails fast, without touching the network, for
                     `cool_down` seconds; then one probe goes through (half-open), and its
                     success closes the breaker (its failure opens it again)
    retries          for queries only (a mutation is never sent twice): a connection failure, a
                     timeout or HTTP 502/503/504 is tried again, up to `retries` more times, after
                     an exponential backoff with full jitter; no retry starts `retry_budget`
                     seconds after the first attempt did, nor past the request's deadline
                     (`request_deadline` seconds after its execution started: a request's, or
                     each event of a subscription): a backoff that would end past it is
                     not slept, the failure is answered instead

A request failed fast is a `SUBGRAPH_UNAVAILABLE` error for that subgraph's fields (the rest of
the response is unaffected), counted on the metrics as `govgraph_subgraph_rejections_total{subgraph,
reason}` (`breaker_open`, `bulkhead_full`). Per subgraph, or `"*"` for every one; a named subgraph's keys
override the `"*"` ones, unset keys take the defaults:

    resilience:
      subgraphs:
        "*": {failure_threshold: 20}
        legacy-registry: {max_in_flight: 10, cool_down: 30}
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ... import errors
from ...config.declare import setting
from ...hooks import ExecuteFn, FetchFn, Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphHttpAnswer, SubgraphResponse
from .guard import Guard, Limits

DEFAULTS = Limits(
    max_in_flight=500,
    failure_threshold=20,
    failure_window=10.0,
    cool_down=5.0,
    retries=1,
    backoff=0.05,
    max_backoff=1.0,
    retry_budget=5.0,
)
RETRYABLE = frozenset({errors.SUBGRAPH_REQUEST_FAILED, errors.SUBGRAPH_TIMEOUT})
UNAVAILABLE_STATUS = frozenset({502, 503, 504})
DEADLINE = "resilience.deadline"  # in `ctx.state`


@dataclass(frozen=True)
class SubgraphPolicy:
    """One subgraph's bounds (unset: the `"*"` entry's, else the default)."""

    max_in_flight: int | None = setting(
        None, doc=f"Requests in flight at most (default {DEFAULTS.max_in_flight}).", minimum=1
    )
    failure_threshold: int | None = setting(
        None,
        doc=f"Consecutive failures that open the breaker (default {DEFAULTS.failure_threshold}; 0: never).",
        minimum=0,
    )
    failure_window: float | None = setting(
        None,
        doc=f"Seconds within which a failure must follow the previous one to count toward the "
        f"threshold (default {DEFAULTS.failure_window:g}).",
        minimum=0,
    )
    cool_down: float | None = setting(
        None, doc=f"Seconds an open breaker fails fast before a probe (default {DEFAULTS.cool_down:g}).",
        minimum=0,
    )  # fmt: skip
    retries: int | None = setting(
        None, doc=f"Further attempts for a failed query (default {DEFAULTS.retries}; never a mutation).",
        minimum=0,
    )  # fmt: skip
    backoff: float | None = setting(
        None, doc=f"Seconds of the first backoff, doubling (default {DEFAULTS.backoff:g}).", minimum=0
    )
    max_backoff: float | None = setting(
        None, doc=f"Seconds of backoff at most (default {DEFAULTS.max_backoff:g}).", minimum=0
    )
    retry_budget: float | None = setting(
        None,
        doc=f"No retry starts this many seconds after the first attempt (default {DEFAULTS.retry_budget:g}).",
        minimum=0,
    )


@dataclass(frozen=True)
class ResilienceConfig:
    """Bulkheads, circuit breakers and query retries per subgraph."""

    enabled: bool = setting(True, doc="Guard every subgraph (on by default, with a conservative breaker).")
    subgraphs: Mapping[str, SubgraphPolicy] = setting(
        default_factory=dict,
        doc='Subgraph name (or `"*"`: every subgraph) -> its bounds.',
        example={"*": {"failure_threshold": 20}, "legacy-registry": {"max_in_flight": 10}},
    )
    request_deadline: float | None = setting(
        10.0,
        doc="Seconds after a request's execution started (each subscription event's: its own) past which "
        "none of its subgraph fetches is retried "
        "(a backoff never sleeps past it); null: only `retry_budget` bounds the retries.",
        minimum=0,
    )

    @property
    def empty(self) -> bool:
        return not self.enabled

    def limits_for(self, service: str) -> Limits:
        values = dataclasses.asdict(DEFAULTS)
        for key in ("*", service):
            policy = self.subgraphs.get(key)
            if policy is not None:
                values.update({k: v for k, v in dataclasses.asdict(policy).items() if v is not None})
        return Limits(**values)


def _failed(answer: SubgraphHttpAnswer) -> bool:
    """What the breaker counts against a subgraph."""
    if answer.failure is not None:
        return answer.failure.code != errors.SUBGRAPH_UNAVAILABLE
    return answer.status in UNAVAILABLE_STATUS


def _retryable(answer: SubgraphHttpAnswer) -> bool:
    if answer.failure is not None:
        return answer.failure.code in RETRYABLE
    return answer.status in UNAVAILABLE_STATUS


class ResiliencePlugin(Plugin):
    name = "resilience"
    Config = ResilienceConfig

    def __init__(self, config: ResilienceConfig | None = None) -> None:
        super().__init__(config)
        self.guards: dict[str, Guard] = {}  # by subgraph, across schema generations

    def guard(self, service: str) -> Guard:
        found = self.guards.get(service)
        if found is None:
            found = self.guards[service] = Guard(self.config.limits_for(service))
        return found

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        guard = self.guard(service)

        async def once(request: SubgraphRequest) -> SubgraphHttpAnswer:
            reason, probe = guard.admit()
            if reason is not None:
                message = f"subgraph '{service}' is unavailable: {reason}"
                failure = SubgraphResponse(failure=message, code=errors.SUBGRAPH_UNAVAILABLE)
                return SubgraphHttpAnswer(failure=failure)
            try:
                answer = await next_(request)
            except BaseException:
                guard.abandon(probe)
                raise
            guard.done(_failed(answer), probe)
            return answer

        async def guarded(request: SubgraphRequest) -> SubgraphHttpAnswer:
            answer = await once(request)
            if request.kind != "query":
                return answer
            limits, started = guard.limits, time.monotonic()
            stop = min(started + limits.retry_budget, self.deadline(request.context))
            for attempt in range(limits.retries):
                if not _retryable(answer):
                    break
                pause = random.uniform(0, min(limits.max_backoff, limits.backoff * 2**attempt))
                if time.monotonic() + pause > stop:
                    break
                await asyncio.sleep(pause)
                answer = await once(request)
            return answer

        return guarded

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        """Each execution — a request's, or each event of a subscription (which runs on its own copy
        of the state) — fixes its own deadline when it starts."""
        seconds = self.config.request_deadline
        limit = seconds if seconds is not None else math.inf

        async def execute(ctx: RequestContext) -> GraphQLResult:
            ctx.state[DEADLINE] = time.monotonic() + limit
            return await next_(ctx)

        return execute

    def deadline(self, ctx: RequestContext) -> float:
        """When the request's retries stop (`time.monotonic()`): fixed when its execution started
        (or, for a fetch outside a served request, at its first fetch)."""
        found = ctx.state.get(DEADLINE)
        if found is None:
            seconds = self.config.request_deadline
            found = ctx.state[DEADLINE] = time.monotonic() + (seconds if seconds is not None else math.inf)
        return float(found)

    def rejections(self) -> dict[tuple[str, str], int]:
        """(subgraph, why) -> requests failed fast since the start (`breaker_open`, `bulkhead_full`),
        read by the metrics when scraped."""
        return {(name, why): n for name, guard in self.guards.items() for why, n in guard.rejected.items()}

    def describe(self) -> dict[str, dict[str, object]]:
        """Each guarded subgraph's breaker, for `/ready`."""
        return {name: guard.describe() for name, guard in self.guards.items()}
