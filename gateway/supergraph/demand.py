"""What the supergraph says of cost: `@cost(weight:)` and `@listSize(...)` (cost/v0.1), read
per type, field, argument and input field for the demand-control plugin.

A supergraph links `https://specs.apollo.dev/cost/v0.1`; `@cost` goes by the link's name
(`as:`, default `cost`), `@listSize` by its import (default `cost__listSize`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..federation.supergraph_specs import COST_SPEC, SUPERGRAPH_LIST_SIZE


@dataclass(frozen=True, slots=True)
class ListSize:
    """How many items a list field returns: a fixed assumption, or the value of a slicing
    argument; `sized_fields` name the lists inside the returned object it sizes instead."""

    assumed_size: int | None = None
    slicing_arguments: tuple[str, ...] = ()
    sized_fields: tuple[str, ...] = ()
    require_one_slicing_argument: bool = True


def cost_names(alias: str, imports: Any) -> dict[str, str]:
    """Local directive name -> `cost` | `listSize`, for one `@link` to the cost spec."""
    names = {alias: COST_SPEC.name, f"{alias}__{SUPERGRAPH_LIST_SIZE.name}": SUPERGRAPH_LIST_SIZE.name}
    for item in imports or ():
        name, local = (item.get("name"), item.get("as")) if isinstance(item, dict) else (item, item)
        canonical = str(name).lstrip("@")
        if canonical in (COST_SPEC.name, SUPERGRAPH_LIST_SIZE.name):
            names[str(local or name).lstrip("@")] = canonical
    return names


def read_weight(applied: Mapping[str, dict[str, Any]]) -> int | None:
    """`applied`: canonical name -> arguments of the cost directives on one element."""
    args = applied.get(COST_SPEC.name)
    weight = args.get("weight") if args else None
    return weight if isinstance(weight, int) else None


def read_list_size(applied: Mapping[str, dict[str, Any]]) -> ListSize | None:
    args = applied.get(SUPERGRAPH_LIST_SIZE.name)
    if args is None:
        return None
    assumed = args.get("assumedSize")
    return ListSize(
        assumed_size=assumed if isinstance(assumed, int) else None,
        slicing_arguments=tuple(str(a) for a in args.get("slicingArguments") or ()),
        sized_fields=tuple(str(f) for f in args.get("sizedFields") or ()),
        require_one_slicing_argument=args.get("requireOneSlicingArgument") is not False,
    )
