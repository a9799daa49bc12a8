"""Query plans on request, as Apollo Router's `Apollo-Expose-Query-Plan` header asks for them:

    Apollo-Expose-Query-Plan: true      run the operation; `extensions.apolloQueryPlan` has the plan
    Apollo-Expose-Query-Plan: dry-run   plan only, nothing is executed (no `data`)

    extensions.apolloQueryPlan = {
      "object": {"kind": "QueryPlan", "node": ...},   # gateway.plan.plan_to_json
      "text": "QueryPlan { ... }",                    # gateway.plan.print_plan
      "timings": {"fetches": [{"id", "serviceName", "startMs", "durationMs"}, ...]}  # this run's
    }

Timings are taken around each subgraph request of this request only (from just before it is
sent to just after its answer is parsed, `startMs` from the request's start), so a request that
does not ask pays one dictionary look-up per subgraph request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ...hooks import RequestContext, SubgraphRequest
from ...plan import plan_to_json, print_plan
from ...plan.nodes import QueryPlan

HEADER = "apollo-expose-query-plan"
EXTENSION = "apolloQueryPlan"
STATE = "playground.plan"


@dataclass
class PlanRecorder:
    """One request's subgraph timings, in the order their requests were sent."""

    dry_run: bool
    started: float = field(default_factory=time.perf_counter)
    sent: dict[int, float] = field(default_factory=dict)  # id(SubgraphRequest) -> when sent
    done: list[tuple[str, str, float, float]] = field(default_factory=list)  # service, query, start, end

    def before(self, request: SubgraphRequest) -> None:
        self.sent[id(request)] = time.perf_counter()

    def after(self, request: SubgraphRequest) -> None:
        sent = self.sent.pop(id(request), None)
        if sent is not None:
            self.done.append((request.service, request.query, sent, time.perf_counter()))

    def fetch_timings(self, plan: QueryPlan) -> list[dict[str, Any]]:
        """Each timed request matched to its plan fetch (same subgraph and operation text, in order)."""
        waiting: dict[tuple[str, str], list[int]] = {}
        for fetch in plan.fetches():
            waiting.setdefault((fetch.service, fetch.operation), []).append(fetch.id)
        timings = []
        for service, query, start, end in sorted(self.done, key=lambda entry: entry[2]):
            ids = waiting.get((service, query))
            timings.append(
                {
                    "id": ids.pop(0) if ids else None,
                    "serviceName": service,
                    "startMs": round((start - self.started) * 1000, 3),
                    "durationMs": round((end - start) * 1000, 3),
                }
            )
        return timings


def asked(ctx: RequestContext) -> PlanRecorder | None:
    """A recorder when the request asks for its plan (`true` or `dry-run`), else None."""
    value = ctx.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip().lower()
    if value not in ("true", "dry-run"):
        return None
    return PlanRecorder(dry_run=value == "dry-run")


def recorder_of(ctx: RequestContext) -> PlanRecorder | None:
    found = ctx.state.get(STATE) if ctx.state else None
    return found if isinstance(found, PlanRecorder) else None


def plan_extension(plan: QueryPlan, recorder: PlanRecorder) -> dict[str, Any]:
    out: dict[str, Any] = {"object": plan_to_json(plan), "text": print_plan(plan)}
    if not recorder.dry_run:
        out["timings"] = {"fetches": recorder.fetch_timings(plan)}
    return out
