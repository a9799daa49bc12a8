"""Representations for an `_entities` call: built from the objects at a fetch's paths,
de-duplicated, each remembering every object it came from.

Most representations are a flat copy of a few scalar fields (a key, maybe `@requires`
fields); those are identified by a tuple of values and built only once. Anything nested
goes through the general copy.
"""

from __future__ import annotations

from typing import Any

import orjson

from ..cache import memoize
from ..plan.nodes import RepField, RepFragment, RepItem


class RepresentationSet:
    def __init__(self, fragments: tuple[RepFragment, ...]) -> None:
        self.by_type: dict[Any, tuple[RepFragment, Flat | None]] = {}
        for fragment in reversed(fragments):
            flat = flat_fields(fragment)
            for typename in fragment.types:
                self.by_type[typename] = (fragment, flat)
        self.representations: list[dict[str, Any]] = []
        self.origins: list[list[dict[str, Any]]] = []
        self._index: dict[Any, int] = {}

    def add(self, obj: dict[str, Any]) -> None:
        typename = obj.get("__typename")
        found = self.by_type.get(typename)
        if found is None:
            return
        fragment, flat = found
        if flat is None:
            rep = build_representation(obj, fragment)
            if rep is not None:
                self._record(orjson.dumps(rep), rep, obj)
            return
        sources, key_positions, out_keys = flat
        values = tuple(map(obj.get, sources))
        for key_position in key_positions:
            if values[key_position] is None:
                return
        name = fragment.typename_as or typename
        ident: Any = (name, values)
        position: int | None
        try:
            position = self._index.get(ident)
        except TypeError:  # a list value: identify by its JSON instead
            ident = orjson.dumps([name, values])
            position = self._index.get(ident)
        if position is None:
            rep = {"__typename": name}
            rep.update(zip(out_keys, values, strict=True))
            self._record(ident, rep, obj)
        else:
            self.origins[position].append(obj)

    def _record(self, ident: Any, rep: dict[str, Any], obj: dict[str, Any]) -> None:
        position = self._index.get(ident)
        if position is None:
            position = self._index[ident] = len(self.representations)
            self.representations.append(rep)
            self.origins.append([])
        self.origins[position].append(obj)


Flat = tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...]]


@memoize("representation-layouts", 4096)
def flat_fields(fragment: RepFragment) -> Flat | None:
    """(sources, positions of the key among them, keys in the representation) when the
    representation copies only top-level fields and its key is among them."""
    items = [i for i in fragment.items if isinstance(i, RepField) and i.sub is None]
    keys = [k for k in fragment.key if isinstance(k, RepField) and k.sub is None]
    if len(items) != len(fragment.items) or len(keys) != len(fragment.key):
        return None
    sources = tuple(item.source or item.key for item in items)
    key_sources = [key.source or key.key for key in keys]
    if any(source not in sources for source in key_sources):
        return None
    return sources, tuple(sources.index(source) for source in key_sources), tuple(i.key for i in items)


def build_representation(obj: dict[str, Any], fragment: RepFragment) -> dict[str, Any] | None:
    """The general case: nested fields and fragments; None when the key has a null."""
    if not _complete(obj, fragment.key):
        return None
    rep: dict[str, Any] = {"__typename": fragment.typename_as or obj.get("__typename")}
    _copy(obj, fragment.items, rep)
    return rep


def _complete(value: Any, items: tuple[RepItem, ...]) -> bool:
    """No null anywhere in the key's fields."""
    if isinstance(value, list):
        return all(_complete(v, items) for v in value)
    for item in items:
        if isinstance(item, RepField):
            inner = value.get(item.source or item.key) if isinstance(value, dict) else None
            if inner is None or (item.sub is not None and not _complete(inner, item.sub)):
                return False
    return True


def _copy(src: dict[str, Any], items: tuple[RepItem, ...], out: dict[str, Any]) -> None:
    for item in items:
        if isinstance(item, RepField):
            value = src.get(item.source or item.key)
            out[item.key] = value if item.sub is None else _copy_value(value, item.sub)
        elif src.get("__typename") in item.types:
            _copy(src, item.items, out)


def _copy_value(value: Any, items: tuple[RepItem, ...]) -> Any:
    if isinstance(value, list):
        return [_copy_value(v, items) for v in value]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        if "__typename" in value:
            out["__typename"] = value["__typename"]
        _copy(value, items, out)
        return out
    return value
