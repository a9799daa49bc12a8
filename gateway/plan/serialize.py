"""A `QueryPlan` as JSON data, in the shape of Apollo's query plans (`kind`, `serviceName`,
`operation`, `nodes`, ...) with what govgraph adds: a `Flatten` may have several `paths`, a
fetch has its printed `selection` (and `requiresText`) as `print_plan` shows them.

Used by `govgraph plan --format json` and by the `extensions.apolloQueryPlan.object` a client
gets when it asks for the plan (`Apollo-Expose-Query-Plan`).
"""

from __future__ import annotations

from typing import Any

from .nodes import (
    Condition,
    Defer,
    Fetch,
    Flatten,
    Parallel,
    PlanNode,
    QueryPlan,
    RepFragment,
    RepItem,
    Subscription,
)


def plan_to_json(plan: QueryPlan) -> dict[str, Any]:
    return {"kind": "QueryPlan", "node": node_to_json(plan.node)}


def node_to_json(node: PlanNode | None) -> dict[str, Any] | None:
    if node is None:
        return None
    if isinstance(node, Fetch):
        return fetch_to_json(node)
    if isinstance(node, Flatten):
        paths = [list(path) for path in node.paths]
        return {"kind": "Flatten", "path": paths[0], "paths": paths, "node": fetch_to_json(node.node)}
    if isinstance(node, Condition):
        return {
            "kind": "Condition",
            "condition": node.variable,
            "ifClause": node_to_json(node.if_true),
            "elseClause": node_to_json(node.if_false),
        }
    if isinstance(node, Defer):
        return defer_to_json(node)
    if isinstance(node, Subscription):
        return {
            "kind": "Subscription",
            "primary": fetch_to_json(node.primary),
            "rest": node_to_json(node.rest),
        }
    kind = "Parallel" if isinstance(node, Parallel) else "Sequence"
    return {"kind": kind, "nodes": [node_to_json(child) for child in node.nodes]}


def defer_to_json(node: Defer) -> dict[str, Any]:
    """Apollo's shape (`primary`, `deferred` with `depends`, `queryPath`, `subselection`); `nodes`
    (the primary's, then each deferred one's, in order) for walkers that only know groups."""
    deferred = [
        {
            "id": str(d.id),
            "depends": [{"id": str(d.parent)}] if d.parent is not None else [],
            "label": d.label,
            "queryPath": list(d.path),
            "if": d.condition,
            "subselection": d.sub_selection,
            "node": node_to_json(d.node),
        }
        for d in node.deferred
    ]
    steps = [node.primary, *(d.node for d in node.deferred)]
    return {
        "kind": "Defer",
        "primary": {"node": node_to_json(node.primary)},
        "deferred": deferred,
        "nodes": [node_to_json(step) for step in steps if step is not None],
    }


def fetch_to_json(fetch: Fetch) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": "Fetch",
        "id": fetch.id,
        "serviceName": fetch.service,
        "operationKind": fetch.operation_kind,
        "variableUsages": list(fetch.variable_usages),
        "operation": fetch.operation,
        "selection": fetch.selection_text,
    }
    if fetch.halt_paths:
        out["haltIfNull"] = [list(path) for path in fetch.halt_paths]
    if fetch.requires:
        out["requires"] = [item for fragment in fetch.requires for item in _fragment(fragment)]
        out["requiresText"] = fetch.requires_text
    return out


def _fragment(fragment: RepFragment) -> list[dict[str, Any]]:
    """One inline fragment per type; a representation always carries its `__typename`."""
    selections = [{"kind": "Field", "name": "__typename"}, *_items(fragment.items)]
    return [
        {"kind": "InlineFragment", "typeCondition": name, "selections": selections}
        for name in sorted(fragment.types)
    ]


def _item(item: RepItem) -> dict[str, Any]:
    if isinstance(item, RepFragment):
        return {
            "kind": "InlineFragment",
            "typeConditions": sorted(item.types),
            "selections": _items(item.items),
        }
    out: dict[str, Any] = {"kind": "Field", "name": item.key}
    if item.sub is not None:
        out["selections"] = _items(item.sub)
    return out


def _items(items: tuple[RepItem, ...]) -> list[dict[str, Any]]:
    return [_item(item) for item in items]


__all__ = ["fetch_to_json", "node_to_json", "plan_to_json"]
