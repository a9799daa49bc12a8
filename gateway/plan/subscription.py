"""A subscription's plan: its one root field, sent to the subgraph that owns it as a subgraph
subscription (the *primary* fetch), and the rest of the plan (entity fetches to other
subgraphs, from the root of each event) run for every event it yields."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import PlanningError
from .groups import Group, merge_equivalent, schedule
from .nodes import Fetch, QueryPlan, Subscription


def plan_subscription(
    roots: list[Group], groups: list[Group], make_fetch: Callable[[Group], Fetch]
) -> QueryPlan:
    """`roots`: the root groups (validation allows one root field, so one subgraph)."""
    if not roots:
        return QueryPlan(None)  # only `__typename`: answered by the gateway, nothing to subscribe to
    if len(roots) != 1:
        raise PlanningError("a subscription selects exactly one root field, from one subgraph")
    primary = roots[0]
    rest = schedule(merge_equivalent([g for g in groups if g is not primary]), make_fetch)
    return QueryPlan(Subscription(make_fetch(primary), rest))
