"""Demand control: `@cost(weight:)` and `@listSize(...)` (Federation 2.9, the cost/v0.1 spec).

A subgraph applies `@cost` to object types, fields, arguments, scalars, enums and input fields
(never to interface fields or their arguments: COST_APPLIED_TO_INTERFACE_FIELD), and
`@listSize` to fields. Composition merges them as The Guild's composition does: the highest
weight; for `@listSize` the highest `assumedSize`, `requireOneSlicingArgument` only if every
subgraph requires it, and the union of `slicingArguments` and `sizedFields` (first seen first).
A slicing argument some subgraph of the field does not declare is dropped
(LIST_SIZE_INVALID_SLICING_ARGUMENT when none is left). The supergraph links
`https://specs.apollo.dev/cost/v0.1` and applies both under the names the subgraphs use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql.language import IntValueNode
from graphql.utilities import value_from_ast_untyped

from ..federation.table import COST, LIST_SIZE
from .print import PDirective, string


@dataclass
class CostNames:
    """The names the directives go by (the subgraphs' local names; the last subgraph's wins)."""

    cost: str | None = None
    list_size: str | None = None

    def add(self, other: CostNames) -> None:
        self.cost = other.cost or self.cost
        self.list_size = other.list_size or self.list_size

    def __bool__(self) -> bool:
        return bool(self.cost or self.list_size)

    def link(self, url: str) -> PDirective:
        """The supergraph's `@link` to the cost spec, importing what goes by another name."""
        imports = []
        if self.cost and self.cost != COST.name:
            imports.append(f'{{name: "@{COST.name}", as: "@{self.cost}"}}')
        if self.list_size:
            alias = self.list_size if self.list_size != LIST_SIZE.name else None
            imports.append(f'{{name: "@{LIST_SIZE.name}", as: "@{alias}"}}' if alias else '"@listSize"')
        args = [("url", string(url))] + ([("import", "[" + ", ".join(imports) + "]")] if imports else [])
        return PDirective("link", args)


@dataclass
class ListSize:
    assumed_size: int | None = None
    slicing_arguments: list[str] | None = None
    sized_fields: list[str] | None = None
    require_one: bool = True
    print_require_one: bool = False

    def add(self, other: ListSize) -> None:
        sizes = [s for s in (self.assumed_size, other.assumed_size) if s is not None]
        self.assumed_size = max(sizes) if sizes else None
        self.require_one = self.require_one and other.require_one
        self.slicing_arguments = _union(self.slicing_arguments, other.slicing_arguments)
        self.sized_fields = _union(self.sized_fields, other.sized_fields)

    def args(self) -> list[tuple[str, str]]:
        found = []
        if not self.require_one or self.print_require_one:
            found.append(("requireOneSlicingArgument", "true" if self.require_one else "false"))
        if self.assumed_size is not None:
            found.append(("assumedSize", str(self.assumed_size)))
        for name, values in (
            ("slicingArguments", self.slicing_arguments),
            ("sizedFields", self.sized_fields),
        ):
            if values is not None:
                found.append((name, "[" + ", ".join(string(v) for v in values) + "]"))
        return found


def _union(first: list[str] | None, second: list[str] | None) -> list[str] | None:
    if first is None and second is None:
        return None
    return list(dict.fromkeys([*(first or ()), *(second or ())]))


@dataclass
class Demand:
    """What one schema element says of its cost."""

    weight: int | None = None
    list_size: ListSize | None = None
    names: CostNames = field(default_factory=CostNames)

    def add(self, other: Demand) -> None:
        if other.weight is not None:
            self.weight = other.weight if self.weight is None else max(self.weight, other.weight)
        if other.list_size is not None:
            if self.list_size is None:
                self.list_size = ListSize()
            self.list_size.add(other.list_size)

    def directives(self) -> list[PDirective]:
        """As the supergraph applies them (after the authorization ones, before @deprecated)."""
        found = []
        if self.weight is not None:
            found.append(PDirective(self.names.cost or COST.name, [("weight", str(self.weight))]))
        if self.list_size is not None:
            found.append(PDirective(self.names.list_size or LIST_SIZE.name, self.list_size.args()))
        return found


def read_demand(directives: Iterable[tuple[str, str, Any]], names: CostNames) -> Demand:
    """(canonical name, local name, directive node) of what one SDL node applies; records the
    local names used in `names`."""
    demand = Demand()
    for canonical, local, node in directives:
        args = {a.name.value: a.value for a in node.arguments or ()}
        if canonical == COST.name and isinstance(args.get("weight"), IntValueNode):
            names.cost = local
            demand.add(Demand(weight=int(args["weight"].value)))
        elif canonical == LIST_SIZE.name:
            names.list_size = local
            values = {k: value_from_ast_untyped(v) for k, v in args.items()}
            demand.add(Demand(list_size=_list_size(values)))
    return demand


def _list_size(values: dict[str, Any]) -> ListSize:
    assumed = values.get("assumedSize")
    slicing, sized = values.get("slicingArguments"), values.get("sizedFields")
    return ListSize(
        assumed_size=assumed if isinstance(assumed, int) else None,
        slicing_arguments=[str(v) for v in slicing] if isinstance(slicing, list) else None,
        sized_fields=[str(v) for v in sized] if isinstance(sized, list) else None,
        require_one=values.get("requireOneSlicingArgument") is not False,
    )
