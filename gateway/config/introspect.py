"""What the declared dataclasses say: each field's shape (the supported types, normalised), whether
it is required, its default and its documentation. Binding, the JSON Schema and the Markdown
reference all read the declarations through here."""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from dataclasses import MISSING, dataclass
from typing import Any, Literal

from .declare import Setting, setting_of

Kind = Literal[
    "bool", "int", "float", "str", "literal", "optional", "list", "tuple", "dict", "section", "any", "many"
]
SCALARS: dict[Any, Kind] = {bool: "bool", int: "int", float: "float", str: "str", Any: "any"}
MAPPINGS = (dict, collections.abc.Mapping)  # typing.Mapping[...] has the abc as its origin too


@dataclass(frozen=True)
class Shape:
    """A supported type: `kind`, and `item` (the inner shape) for optional/list/tuple/dict/many,
    `values` for a literal, `section` (the dataclass) for a section. `many` is `X | tuple[X, ...]`
    for a scalar X: one value or a list of them in the file, always bound as a tuple."""

    kind: Kind
    item: Shape | None = None
    values: tuple[Any, ...] = ()
    section: type | None = None

    @property
    def inner(self) -> Shape:
        assert self.item is not None, self.kind
        return self.item


@dataclass(frozen=True)
class FieldSpec:
    """One declared field of a section."""

    name: str
    shape: Shape
    required: bool
    default: Any  # the default value (a factory's product), MISSING when required
    setting: Setting


def shape_of(annotation: Any) -> Shape:
    """The shape of a field's type; TypeError for a type the config file cannot hold."""
    if annotation in SCALARS:
        return Shape(SCALARS[annotation])
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return Shape("section", section=annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        return Shape("literal", values=args)
    if origin in (typing.Union, types.UnionType):
        others = [arg for arg in args if arg is not type(None)]
        if len(others) == 1 and len(args) == 2:
            return Shape("optional", item=shape_of(others[0]))
        one_or_many = typing.get_origin(args[1]) is tuple and typing.get_args(args[1]) == (args[0], Ellipsis)
        if len(args) == 2 and args[0] in SCALARS and one_or_many:
            return Shape("many", item=shape_of(args[0]))
    if origin is list and len(args) == 1:
        return Shape("list", item=shape_of(args[0]))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return Shape("tuple", item=shape_of(args[0]))
    if origin in MAPPINGS and len(args) == 2 and args[0] is str:
        return Shape("dict", item=shape_of(args[1]))
    raise TypeError(f"a config setting cannot have the type {annotation!r}")


def fields_of(section: type) -> list[FieldSpec]:
    """The declared fields of a section dataclass, in declaration order."""
    if not (dataclasses.is_dataclass(section) and isinstance(section, type)):
        raise TypeError(f"{section!r} is not a dataclass")
    hints = typing.get_type_hints(section)
    specs = []
    for field in dataclasses.fields(section):
        if not field.init:
            continue
        if field.default is not MISSING:
            default = field.default
        elif field.default_factory is not MISSING:
            default = field.default_factory()
        else:
            default = MISSING
        try:
            shape = shape_of(hints[field.name])
        except TypeError as error:
            raise TypeError(f"{section.__name__}.{field.name}: {error}") from None
        specs.append(FieldSpec(field.name, shape, default is MISSING, default, setting_of(field)))
    return specs


def section_doc(section: type) -> str:
    """The first paragraph of a section's docstring (dataclasses make one up when there is none)."""
    doc = section.__doc__ or ""
    if doc.startswith(section.__name__ + "("):
        return ""
    first = doc.strip().split("\n\n")[0]
    return " ".join(line.strip() for line in first.splitlines())


def label(shape: Shape) -> str:
    """How a shape reads in messages and in the reference: `integer`, `list of string`, ..."""
    if shape.kind == "literal":
        return "one of " + ", ".join(repr(value) for value in shape.values)
    if shape.kind == "optional":
        return f"{label(shape.inner)} or null"
    if shape.kind in ("list", "tuple"):
        return f"list of {label(shape.inner)}"
    if shape.kind == "many":
        return f"{label(shape.inner)} or list of {label(shape.inner)}"
    if shape.kind == "dict":
        return f"mapping of string to {label(shape.inner)}"
    return LABELS[shape.kind]


LABELS: dict[str, str] = {
    "bool": "boolean",
    "int": "integer",
    "float": "number",
    "str": "string",
    "any": "any",
    "section": "section",
}
