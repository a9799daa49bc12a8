"""What the compiled shaping path knows of one field: its kind, nullability, list depth and
checks (`FieldShape`), and the exception that abandons the fast walk (`Unusual`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

ObjectFn = Callable[[dict[str, Any]], dict[str, Any]]


class ObjectShapes(Protocol):
    """A composite position: its static type, and the generated function for each runtime type."""

    static: Any

    def function_for(self, typename: Any) -> ObjectFn: ...


# Set by the executor on an object whose entity a subgraph answered with null and an error: its
# missing non-null fields are collateral to that error and get no error of their own.
NULLED = "#nulled"
TYPENAME, INTROSPECTION, ANY, CHECKED, ENUM, OBJECT, ABSTRACT = range(7)
INT_MIN, INT_MAX = -(2**31), 2**31
CHECKS: dict[str, tuple[type, ...]] = {
    "String": (str,),
    "ID": (str, int),
    "Int": (int,),
    "Float": (float, int),
    "Boolean": (bool,),
}


class Unusual(Exception):
    """The fast walk met something the exact walker must handle."""


class FieldShape:
    __slots__ = (
        "check",
        "depth",
        "enum",
        "items_nonnull",
        "key",
        "kind",
        "nonnull",
        "position",
        "typename",
        "wide_int",
    )

    def __init__(self, key: str, kind: int) -> None:
        self.key = key
        self.kind = kind
        self.nonnull = False
        self.depth = 0
        self.items_nonnull: tuple[bool, ...] = ()
        self.check: tuple[type, ...] = ()
        self.wide_int = False
        self.enum: frozenset[str] = frozenset()
        self.position: ObjectShapes | None = None
        self.typename = ""
