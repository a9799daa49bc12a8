"""Generated shaping functions: one small Python function per (position, runtime type).

`compile` decides *what* each object in the response holds; this module turns such
a field list into straight-line code (a dict display, a few type checks), which runs
several times faster than walking the list. Only response keys (GraphQL names, checked
below) and constants bound by name reach the generated source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .fields import (
    ANY,
    CHECKED,
    ENUM,
    INTROSPECTION,
    OBJECT,
    TYPENAME,
    FieldShape,
    ObjectFn,
    ObjectShapes,
    Unusual,
)

_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")


def generate(fields: list[FieldShape]) -> ObjectFn:

    namespace: dict[str, Any] = {"Unusual": Unusual}
    body: list[str] = ["def shape(value):", "    get = value.get"]
    entries: list[str] = []
    for i, shape in enumerate(fields):
        if not _NAME.match(shape.key):
            raise ValueError(f"not a GraphQL name: {shape.key!r}")
        key = repr(shape.key)
        if shape.kind == TYPENAME:
            entries.append(f"{key}: {shape.typename!r}")
            continue
        var = f"v{i}"
        entries.append(f"{key}: {var}")
        body.append(f"    {var} = get({key})")
        if shape.nonnull:
            body.append(f"    if {var} is None: raise Unusual")
        if shape.kind == INTROSPECTION or (shape.kind == ANY and not shape.depth):
            continue
        body.append(f"    if {var} is not None:")
        if shape.depth or shape.kind not in (CHECKED, ENUM):
            namespace[f"f{i}"] = value_function(shape, 0)
            body.append(f"        {var} = f{i}({var})")
        elif shape.kind == CHECKED:
            namespace[f"c{i}"] = shape.check
            test = f"type({var}) not in c{i}"
            if shape.wide_int:
                test += f" or not -2147483648 <= {var} < 2147483648"
            body.append(f"        if {test}: raise Unusual")
        else:
            namespace[f"e{i}"] = shape.enum
            body.append(f"        if type({var}) is not str or {var} not in e{i}: raise Unusual")
    body.append("    return {" + ", ".join(entries) + "}")
    exec("\n".join(body), namespace)
    function: ObjectFn = namespace["shape"]
    return function


def value_function(shape: FieldShape, level: int) -> Callable[[Any], Any]:
    """Completes one non-null value at list nesting `level` (0 = the field's own value)."""
    if level < shape.depth:
        return _list_function(shape, level)
    return _single_function(shape)


def _list_function(shape: FieldShape, level: int) -> Callable[[Any], Any]:

    item = value_function(shape, level + 1)
    nonnull = shape.items_nonnull[level]
    leaf_any = shape.kind == ANY and level + 1 == shape.depth

    def complete_list(value: Any) -> Any:
        if type(value) is not list:
            raise Unusual
        if nonnull and None in value:
            raise Unusual
        if leaf_any:
            return value
        return [None if x is None else item(x) for x in value]

    return complete_list


def _single_function(shape: FieldShape) -> Callable[[Any], Any]:

    if shape.kind == ANY:
        return _identity
    if shape.kind in (CHECKED, ENUM):
        check, enum, wide = shape.check, shape.enum, shape.wide_int

        def complete_leaf(value: Any) -> Any:
            if shape.kind == CHECKED:
                if type(value) not in check or (wide and not -2147483648 <= value < 2147483648):
                    raise Unusual
            elif type(value) is not str or value not in enum:
                raise Unusual
            return value

        return complete_leaf
    position = shape.position
    assert position is not None
    return _object_function(position, shape.kind == OBJECT)


def _object_function(position: ObjectShapes, concrete: bool) -> Callable[[Any], Any]:

    static_name = position.static.name
    if concrete:
        known: list[ObjectFn] = []

        def complete_concrete(value: Any) -> Any:
            if type(value) is not dict:
                raise Unusual
            if not known:
                known.append(position.function_for(static_name))
            return known[0](value)

        return complete_concrete

    def complete_object(value: Any) -> Any:
        if type(value) is not dict:
            raise Unusual
        return position.function_for(value.get("__typename"))(value)

    return complete_object


def _identity(value: Any) -> Any:
    return value
