"""Query plan nodes: frozen data the planner makes and the executor walks.

    QueryPlan(node)
    node := Sequence(nodes) | Parallel(nodes) | Fetch | Flatten(path, Fetch)
          | Condition(variable, if_true, if_false)
          | Defer(primary, deferred: DeferredNode...)   (`@defer`, see plan/defer.py)
          | Subscription(primary: Fetch, rest)   (the whole plan of a subscription)

`print_plan()` gives a stable text form used by snapshot tests and `govgraph plan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.language import SelectionNode, SelectionSetNode


@dataclass(frozen=True)
class RepField:
    """One field of a representation: copy `key` from the object (and its sub-fields)."""

    key: str
    sub: tuple[RepItem, ...] | None = None
    source: str | None = None  # where the value sits in the data when fetched under an alias


@dataclass(frozen=True)
class RepFragment:
    """Fields copied when the object's `__typename` is one of `types`."""

    types: frozenset[str]
    items: tuple[RepItem, ...]
    typename_as: str | None = None  # input rewrite: send this `__typename` (interface objects)
    key: tuple[RepItem, ...] = ()  # a representation with a null anywhere in its key is not sent


RepItem = RepField | RepFragment


@dataclass(frozen=True)
class Rename:
    """Undo internal aliases in an answer: `aliases` (alias, client's key) on this object, then
    `fields` (response key in the answer, renames below it)."""

    aliases: tuple[tuple[str, str], ...] = ()
    fields: tuple[tuple[str, Rename], ...] = ()


@dataclass(frozen=True)
class Fetch:
    service: str
    operation: str  # the exact text sent to the subgraph
    operation_kind: str  # query | mutation
    variable_usages: tuple[str, ...]
    selection_text: str  # pretty selection, for printing
    requires: tuple[RepFragment, ...] = ()  # entity fetches: how to build representations
    requires_text: str = ""
    id: int = 0
    halt_paths: tuple[tuple[str, ...], ...] = ()  # mutation: a null at one of them stops the rest
    renames: Rename | None = None  # internal aliases against field conflicts (plan/conflicts.py)

    @property
    def is_entity_fetch(self) -> bool:
        return bool(self.requires)


@dataclass(frozen=True)
class Flatten:
    """Run `node` for the objects found at each path (response keys; "@" walks into lists)."""

    paths: tuple[tuple[str, ...], ...]
    node: Fetch
    # merged across paths: per path, the response-key paths it asked (its errors stay there)
    asked: tuple[frozenset[tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Sequence:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True)
class Parallel:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True)
class Condition:
    variable: str
    if_true: PlanNode | None
    if_false: PlanNode | None


@dataclass(frozen=True)
class DeferredNode:
    """A `@defer` fragment: delivered later at `path` (response keys, "@" walks into lists) once
    the primary (and the deferred node `parent`, when nested) ran; `node` fetches what it adds
    (None: fetched with its parent). `condition`: the `if:` variable (None: always deferred)."""

    id: int
    label: str | None
    path: tuple[str, ...]
    type_name: str
    node: PlanNode | None
    sub_selection: str  # the fragment's selection, printed
    parent: int | None = None
    condition: str | None = None
    # the client's fragment and its selection (to shape the part); not printed, not compared
    fragment: SelectionNode | None = field(default=None, compare=False, repr=False)
    selection: SelectionSetNode | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Defer:
    primary: PlanNode | None
    deferred: tuple[DeferredNode, ...]


@dataclass(frozen=True)
class Subscription:
    """A subscription: `primary` is the subgraph subscription (one root field); `rest` runs for
    each of its events, over the event's data (entity fetches to other subgraphs)."""

    primary: Fetch
    rest: PlanNode | None


PlanNode = Fetch | Flatten | Sequence | Parallel | Condition | Defer | Subscription


@dataclass(frozen=True)
class QueryPlan:
    node: PlanNode | None

    def fetches(self) -> list[Fetch]:
        found: list[Fetch] = []
        _collect(self.node, found)
        return found


def _collect(node: PlanNode | None, found: list[Fetch]) -> None:
    if isinstance(node, Fetch):
        found.append(node)
    elif isinstance(node, Flatten):
        found.append(node.node)
    elif isinstance(node, Sequence | Parallel):
        for child in node.nodes:
            _collect(child, found)
    elif isinstance(node, Condition):
        _collect(node.if_true, found)
        _collect(node.if_false, found)
    elif isinstance(node, Defer):
        _collect(node.primary, found)
        for deferred in node.deferred:
            _collect(deferred.node, found)
    elif isinstance(node, Subscription):
        found.append(node.primary)
        _collect(node.rest, found)


def print_plan(plan: QueryPlan) -> str:
    lines = ["QueryPlan {"]
    if plan.node is not None:
        lines.extend(_print(plan.node, 1))
    lines.append("}")
    return "\n".join(lines)


def _indent(text: str, level: int) -> list[str]:
    pad = "  " * level
    return [pad + line for line in text.splitlines()]


def _print(node: PlanNode, level: int) -> list[str]:
    pad = "  " * level
    if isinstance(node, Fetch):
        halt = ", ".join(f'"{".".join(p)}"' for p in node.halt_paths)
        stop = f", haltIfNull: [{halt}]" if halt else ""
        lines = [f'{pad}Fetch(service: "{node.service}"{stop}) {{']
        if node.requires_text:
            lines.extend(_indent(node.requires_text, level + 1))
            lines[-1] += " =>"
        lines.extend(_indent(node.selection_text, level + 1))
        lines.append(f"{pad}}},")
        return lines
    if isinstance(node, Flatten):
        paths = ", ".join(f'"{".".join(p)}"' for p in node.paths)
        head = f"Flatten(path: {paths})" if len(node.paths) == 1 else f"Flatten(paths: [{paths}])"
        return [f"{pad}{head} {{", *_print(node.node, level + 1), f"{pad}}},"]
    if isinstance(node, Defer):
        return _print_defer(node, level)
    if isinstance(node, Sequence | Parallel):
        name = "Sequence" if isinstance(node, Sequence) else "Parallel"
        lines = [f"{pad}{name} {{"]
        for child in node.nodes:
            lines.extend(_print(child, level + 1))
        lines.append(f"{pad}}},")
        return lines
    if isinstance(node, Subscription):
        return _print_subscription(node, level)
    if node.if_true is None and node.if_false is not None:
        return [f"{pad}Skip(if: ${node.variable}) {{", *_print(node.if_false, level + 1), f"{pad}}},"]
    lines = [f"{pad}Include(if: ${node.variable}) {{"]
    if node.if_true is not None:
        lines.extend(_print(node.if_true, level + 1))
    lines.append(f"{pad}}}")
    if node.if_false is not None:
        lines[-1] += " Else {"
        lines.extend(_print(node.if_false, level + 1))
        lines.append(f"{pad}}}")
    lines[-1] += ","
    return lines


def _print_defer(node: Defer, level: int) -> list[str]:
    """Apollo's shape: `Defer { Primary { ... }, [ Deferred(depends: ..., path: ...) { ... } ] }`."""
    pad, inner = "  " * level, "  " * (level + 1)
    lines = [f"{pad}Defer {{", f"{inner}Primary {{"]
    if node.primary is not None:
        lines.extend(_print(node.primary, level + 2))
    lines.append(f"{inner}}}, [")
    for deferred in node.deferred:
        depends = "primary" if deferred.parent is None else str(deferred.parent)
        label = f', label: "{deferred.label}"' if deferred.label is not None else ""
        condition = f", if: ${deferred.condition}" if deferred.condition else ""
        path = ".".join(deferred.path)
        head = f'Deferred(id: {deferred.id}, depends: [{depends}], path: "{path}"{label}{condition})'
        lines.append(f"{inner}  {head} {{")
        lines.extend(_indent(deferred.sub_selection + ":", level + 3))
        if deferred.node is not None:
            lines.extend(_print(deferred.node, level + 3))
        else:
            lines.append(f"{inner}    (fetched with its parent)")
        lines.append(f"{inner}  }},")
    lines.append(f"{inner}]")
    lines.append(f"{pad}}},")
    return lines


def _print_subscription(node: Subscription, level: int) -> list[str]:
    """Apollo's form: `Subscription { Primary: { Fetch }, Rest: { ... } }`."""
    pad, inner = "  " * level, "  " * (level + 1)
    lines = [f"{pad}Subscription {{", f"{inner}Primary: {{", *_print(node.primary, level + 2), f"{inner}}},"]
    if node.rest is not None:
        lines.extend([f"{inner}Rest: {{", *_print(node.rest, level + 2), f"{inner}}},"])
    lines.append(f"{pad}}},")
    return lines
