"""Query planning: operation -> `QueryPlan` (pure, no I/O)."""

from .build import build_query_plan
from .nodes import Condition, Fetch, Flatten, Parallel, QueryPlan, Sequence, Subscription, print_plan
from .serialize import plan_to_json

__all__ = [
    "Condition",
    "Fetch",
    "Flatten",
    "Parallel",
    "QueryPlan",
    "Sequence",
    "Subscription",
    "build_query_plan",
    "plan_to_json",
    "print_plan",
]
