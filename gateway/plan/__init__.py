"""Query planning: operation -> `QueryPlan` (pure, no I/O)."""

from .build import build_query_plan
from .nodes import Condition, Fetch, Flatten, Parallel, QueryPlan, Sequence, print_plan

__all__ = [
    "Condition",
    "Fetch",
    "Flatten",
    "Parallel",
    "QueryPlan",
    "Sequence",
    "build_query_plan",
    "print_plan",
]
