"""Fetch groups: the planner's working form of one subgraph request, and how a set
of groups becomes plan nodes (merged where one `_entities` call can serve several,
then ordered by their dependencies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphql.language import FieldNode, SelectionSetNode

from .nodes import Condition, Fetch, Flatten, Parallel, PlanNode, RepField, RepFragment, RepItem, Sequence
from .selection import FieldItem, FragmentItem, SelectionBuilder

KeyPath = tuple[str, ...]  # response keys from the entity down to a field


class Group:
    """One future fetch: a subgraph, where its answer merges, what it selects."""

    def __init__(self, gid: int, subgraph: str, path: tuple[str, ...], parent: Group | None) -> None:
        self.id = gid
        self.subgraph = subgraph
        self.path = path
        self.parent = parent
        self.is_entity = parent is not None
        self.selection = SelectionBuilder()
        self.requires = SelectionBuilder()
        self.rewrites: dict[str, str] = {}  # object type -> __typename sent (interface objects)
        self.keys: dict[str, SelectionSetNode] = {}  # type -> the key its representations carry
        self.children: list[Group] = []
        self.after: set[Group] = set()
        self.conditions: list[frozenset[tuple[str, bool]]] = []  # per use: @skip/@include around it
        self.extra_paths: list[tuple[str, ...]] = []
        self.input_aliases: dict[tuple[str, str], str] = {}  # (type, required field) -> alias in the data
        self.required_args: dict[tuple[str, str], str] = {}  # (type, required field) -> its arguments
        self.asked: dict[tuple[str, ...], frozenset[KeyPath]] | None = None  # per path, when merged
        self.halt_paths: list[tuple[str, ...]] = []  # mutations: a null here nulls `data` (halting.py)
        self.defer: Any = None  # the deferred fragment it fetches for (plan/defer.py), None: primary

    @property
    def paths(self) -> tuple[tuple[str, ...], ...]:
        return (self.path, *self.extra_paths)

    def __repr__(self) -> str:
        return f"Group({self.id}, {self.subgraph}, {'.'.join(self.path)})"

    def deps(self) -> set[Group]:
        found = set(self.after)
        if self.parent is not None:
            found.add(self.parent)
        return found


def depends_on(group: Group, other: Group) -> bool:
    """True when `group` (transitively) waits for `other`."""
    seen: set[int] = set()
    stack = list(group.deps())
    while stack:
        current = stack.pop()
        if current is other:
            return True
        if current.id in seen:
            continue
        seen.add(current.id)
        stack.extend(current.deps())
    return False


def merge_builders(into: SelectionBuilder, other: SelectionBuilder) -> None:
    for ident, item in other.items.items():
        mine = into.items.get(ident)
        if mine is None:
            into.items[ident] = item
        elif mine.sub is not None and item.sub is not None:
            merge_builders(mine.sub, item.sub)
        elif isinstance(mine, FieldItem) and item.sub is not None:
            mine.sub = item.sub


def merge_equivalent(groups: list[Group]) -> list[Group]:
    """Merge entity groups into one `_entities` call per subgraph where possible: first
    those at the same path, then those at other paths that ask the same of the same types."""
    alive = _merge_pass(
        list(groups), lambda a, b: a.path == b.path and same_arguments(a.required_args, b.required_args)
    )
    return _merge_pass(alive, lambda a, b: _compatible_requires(a, b) and _isolated(a.selection, b.selection))


def same_arguments(a: dict[tuple[str, str], str], b: dict[tuple[str, str], str]) -> bool:
    """No required field sent with other arguments by the other (one value per representation)."""
    return all(b.get(ident, arguments) == arguments for ident, arguments in a.items())


def _merge_pass(alive: list[Group], fits: Callable[[Group, Group], bool]) -> list[Group]:
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(alive):
            for b in alive[i + 1 :]:
                if (
                    a.is_entity
                    and b.is_entity
                    and a.subgraph == b.subgraph
                    and fits(a, b)
                    and not depends_on(a, b)
                    and not depends_on(b, a)
                ):
                    _absorb(a, b, alive)
                    alive.remove(b)
                    changed = True
                    break
            if changed:
                break
    return alive


def _compatible_requires(a: Group, b: Group) -> bool:
    """Representations built the same way for every type both groups enter."""
    for ident, item in a.requires.items.items():
        other = b.requires.items.get(ident)
        if other is not None and other.sub is not None and item.sub is not None:
            if item.sub.compact() != other.sub.compact():
                return False
            if a.rewrites.get(ident[1]) != b.rewrites.get(ident[1]):
                return False
    return True


def _isolated(a: SelectionBuilder, b: SelectionBuilder, top: bool = True) -> bool:
    """Nothing only one side selects can null what the other side selects from a shared entity:
    each field only one side has is nullable in the subgraph, so a failure stops at it (at the top,
    a type condition only one side has enters other entities)."""
    for ident, item in a.items.items():
        other = b.items.get(ident)
        if other is None:
            if not _contained(item, top):
                return False
        elif item.sub is not None and other.sub is not None and not _isolated(item.sub, other.sub, False):
            return False
    return all(ident in a.items or _contained(item, top) for ident, item in b.items.items())


def _contained(item: FieldItem | FragmentItem, top: bool) -> bool:
    if isinstance(item, FieldItem):
        return item.nullable or item.name == "__typename"
    return (top and item.type_condition is not None) or all(
        _contained(inner, False) for inner in item.sub.items.values()
    )


def response_paths(builder: SelectionBuilder, prefix: KeyPath = ()) -> frozenset[KeyPath]:
    """Every response-key path `builder` selects (fragments are transparent)."""
    found: set[KeyPath] = set()
    for item in builder.items.values():
        path = (*prefix, item.response_key) if isinstance(item, FieldItem) else prefix
        if isinstance(item, FieldItem):
            found.add(path)
        if item.sub is not None:
            found |= response_paths(item.sub, path)
    return frozenset(found)


def _record_asked(a: Group, b: Group) -> None:
    """Before `b` joins `a` at other paths: what each path asked, so errors stay on their paths."""
    asked = a.asked or {path: response_paths(a.selection) for path in a.paths}
    theirs = b.asked or {path: response_paths(b.selection) for path in b.paths}
    for path, keys in theirs.items():
        asked[path] = asked.get(path, frozenset()) | keys
    a.asked = asked


def _absorb(a: Group, b: Group, alive: Iterable[Group]) -> None:
    if any(path not in a.paths for path in b.paths):
        _record_asked(a, b)
    merge_builders(a.selection, b.selection)
    merge_builders(a.requires, b.requires)
    a.rewrites.update(b.rewrites)
    a.input_aliases.update(b.input_aliases)
    a.required_args.update(b.required_args)
    for path in b.paths:
        if path not in a.paths:
            a.extra_paths.append(path)
    a.keys.update(b.keys)
    a.conditions.extend(b.conditions)
    a.after |= b.deps() - {a}
    if a.parent in a.after:
        a.after.discard(a.parent)
    for g in alive:
        if g.parent is b:
            g.parent = a
        if b in g.after:
            g.after.discard(b)
            if g is not a:
                g.after.add(a)


# --- groups -> plan nodes --------------------------------------------------------------
FetchMaker = Callable[[Group], Fetch]


def schedule(groups: list[Group], make_fetch: FetchMaker) -> PlanNode | None:
    """Order groups into stages: each stage runs in parallel after the ones before it."""
    if not groups:
        return None
    members = set(groups)
    stage: dict[Group, int] = {}

    def stage_of(group: Group) -> int:
        if group not in stage:
            inside = [d for d in group.deps() if d in members]
            stage[group] = 1 + max((stage_of(d) for d in inside), default=-1)
        return stage[group]

    by_stage: dict[int, list[Group]] = {}
    for group in groups:
        by_stage.setdefault(stage_of(group), []).append(group)
    steps: list[PlanNode] = []
    for level in sorted(by_stage):
        nodes = [_node(g, make_fetch) for g in sorted(by_stage[level], key=lambda g: g.id)]
        steps.append(nodes[0] if len(nodes) == 1 else Parallel(tuple(nodes)))
    return steps[0] if len(steps) == 1 else Sequence(tuple(steps))


def _node(group: Group, make_fetch: FetchMaker) -> PlanNode:
    fetch = make_fetch(group)
    asked = tuple(group.asked[path] for path in group.paths) if group.asked else ()
    node: PlanNode = Flatten(group.paths, fetch, asked) if group.is_entity else fetch
    shared = frozenset.intersection(*group.conditions) if group.conditions else frozenset()
    for variable, include in sorted(shared, reverse=True):
        node = Condition(variable, node, None) if include else Condition(variable, None, node)
    return node


def descendants(root: Group, groups: list[Group]) -> list[Group]:
    """`root` and every group that (transitively) waits for it."""
    return [g for g in groups if g is root or depends_on(g, root)]


# --- representations --------------------------------------------------------------------
TypesOf = Callable[[str], frozenset[str]]


def compile_requires(group: Group, types_of: TypesOf, reserved: frozenset[str]) -> tuple[RepFragment, ...]:
    fragments = []
    for item in group.requires.items.values():
        if not isinstance(item, FragmentItem) or item.type_condition is None:
            continue
        tc = item.type_condition
        key = group.keys.get(tc)
        fragments.append(
            RepFragment(
                types=types_of(tc) | {tc},
                items=_alias_sources(_compile_items(item.sub, types_of, reserved), tc, group.input_aliases),
                typename_as=group.rewrites.get(tc),
                key=_compile_fields(key, reserved) if key is not None else (),
            )
        )
    return tuple(fragments)


def _source(name: str, reserved: frozenset[str]) -> str | None:
    return reserved_alias(name) if name in reserved else None


def reserved_alias(name: str) -> str:
    """Where an internal field sits when the client uses its name as an alias for another field."""
    return f"gg_{name}"


def _compile_items(
    builder: SelectionBuilder, types_of: TypesOf, reserved: frozenset[str]
) -> tuple[RepItem, ...]:
    items: list[RepItem] = []
    for item in builder.items.values():
        if isinstance(item, FieldItem):
            if item.name == "__typename":
                continue
            sub = _compile_items(item.sub, types_of, reserved) if item.sub is not None else None
            items.append(RepField(item.response_key, sub, _source(item.response_key, reserved)))
        elif item.type_condition is None:
            items.extend(_compile_items(item.sub, types_of, reserved))
        else:
            tc = item.type_condition
            items.append(RepFragment(types_of(tc) | {tc}, _compile_items(item.sub, types_of, reserved)))
    return tuple(items)


def _compile_fields(selection_set: SelectionSetNode, reserved: frozenset[str]) -> tuple[RepItem, ...]:
    """A key's fields, to check a representation has no null anywhere in its key."""
    items: list[RepItem] = []
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            sub = _compile_fields(sel.selection_set, reserved) if sel.selection_set is not None else None
            items.append(RepField(sel.name.value, sub, _source(sel.name.value, reserved)))
    return tuple(items)


def _alias_sources(
    items: tuple[RepItem, ...], type_name: str, aliases: dict[tuple[str, str], str]
) -> tuple[RepItem, ...]:
    return tuple(
        RepField(i.key, i.sub, aliases[(type_name, i.key)])
        if isinstance(i, RepField) and (type_name, i.key) in aliases
        else i
        for i in items
    )
