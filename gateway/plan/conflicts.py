"""Field conflicts inside one subgraph query, and the renames that undo their aliases.

Sibling fragments on different types may select one response key with different types in the
subgraph (`... on User { id }` with `ID!`, `... on Admin { id }` with `ID`): valid for the
client's schema, rejected by the subgraph. Before a fetch is printed, every field that would
conflict with the first field of its response key in the same merged selection set gets an
internal alias (that field only), and the fetch carries a `Rename` tree the executor applies to
the answer, so the merged data holds the client's keys again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .nodes import Rename
from .selection import FieldItem, SelectionBuilder

_NAMED = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


def alias_conflicts(selection: SelectionBuilder, reserved: frozenset[str]) -> Rename | None:
    """Alias the conflicting fields of `selection` (in place, once) and return the renames."""
    _resolve([selection], reserved)
    return _renames(selection)


def flat_fields(builder: SelectionBuilder) -> Iterator[FieldItem]:
    """The fields of one selection set, through its fragments."""
    for item in builder.items.values():
        if isinstance(item, FieldItem):
            yield item
        else:
            yield from flat_fields(item.sub)


def _shape(item: FieldItem) -> tuple[str, ...]:
    """What must agree between fields of one response key: leaves their type, objects their
    list and non-null wrappers (their sub-selections are compared in turn); name and arguments."""
    printed = item.type if item.sub is None else _NAMED.sub("T", item.type)
    return (printed, item.name, item.arguments)


def _resolve(builders: list[SelectionBuilder], reserved: frozenset[str]) -> None:
    by_key: dict[str, list[FieldItem]] = {}
    for builder in builders:
        for item in flat_fields(builder):
            by_key.setdefault(item.response_key, []).append(item)
    taken = set(by_key) | reserved
    for items in by_key.values():
        first = items[0]
        agreeing = [first]
        for item in items[1:]:
            if not item.type or not first.type or _shape(item) == _shape(first):
                agreeing.append(item)
                continue
            item.original = item.original or item.response_key
            item.response_key = _free(f"gg_{item.original}", taken)
            if item.sub is not None:
                _resolve([item.sub], reserved)
        subs = [item.sub for item in agreeing if item.sub is not None]
        if subs:
            _resolve(subs, reserved)


def _free(base: str, taken: set[str]) -> str:
    n = 1
    while f"{base}_{n}" in taken:
        n += 1
    taken.add(f"{base}_{n}")
    return f"{base}_{n}"


def _renames(builder: SelectionBuilder) -> Rename | None:
    aliases: list[tuple[str, str]] = []
    fields: list[tuple[str, Rename]] = []
    for item in flat_fields(builder):
        if item.original:
            aliases.append((item.response_key, item.original))
        below = _renames(item.sub) if item.sub is not None else None
        if below is not None:
            fields.append((item.response_key, below))
    return Rename(tuple(aliases), tuple(fields)) if aliases or fields else None
