"""A finished fetch group -> the `Fetch` node: operation text, variables, representations."""

from __future__ import annotations

from graphql.language import OperationDefinitionNode

from ..federation.table import ANY, ENTITIES_FIELD
from ..federation.table import REPRESENTATIONS_ARGUMENT as REPRESENTATIONS
from ..supergraph import Supergraph
from .conflicts import alias_conflicts
from .groups import Group, compile_requires
from .nodes import Fetch


def make_fetch(
    group: Group,
    supergraph: Supergraph,
    var_types: dict[str, str],
    operation: OperationDefinitionNode,
    reserved: frozenset[str],
) -> Fetch:
    kind = "query" if group.is_entity else operation.operation.value
    renames = alias_conflicts(group.selection, reserved)
    body = group.selection.compact()
    variables = [v for v in group.selection.variables() if v in var_types]
    definitions = [var_types[v] for v in variables]
    if group.is_entity:
        definitions.insert(0, f"${REPRESENTATIONS}:[{ANY.name}!]!")
        body = f"{{{ENTITIES_FIELD}({REPRESENTATIONS}:${REPRESENTATIONS})" + body + "}"
    name = ""
    if operation.name is not None:
        name = f" {operation.name.value}__{_safe(group.subgraph)}__{group.id}"
    signature = f"({','.join(definitions)})" if definitions else ""
    text = f"{kind}{name}{signature}{body}"
    if not name and not signature and kind == "query":
        text = body

    def types_of(type_name: str) -> frozenset[str]:
        return frozenset(supergraph.possible_types(type_name))

    requires = compile_requires(group, types_of, reserved) if group.is_entity else ()
    return Fetch(
        service=group.subgraph,
        operation=text,
        operation_kind=kind,
        variable_usages=tuple(variables),
        selection_text="\n".join(["{", *group.selection.pretty(1), "}"]),
        requires=requires,
        requires_text="\n".join(["{", *group.requires.pretty(1), "}"]) if group.is_entity else "",
        id=group.id,
        halt_paths=tuple(group.halt_paths),
        renames=renames,
    )


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c == "_" else "_" for c in name)
