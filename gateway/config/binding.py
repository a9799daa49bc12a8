"""Binding a YAML node tree (with its marks) to the declared frozen dataclasses, reporting every
problem with its file position; back to plain data; and overriding settings by dotted path."""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Mapping
from typing import Any, TypeVar, cast

import yaml

from .declare import UNDOCUMENTED, Setting
from .errors import ConfigError, Problem
from .introspect import Shape, fields_of, label
from .scalars import FAILED, NULLS, Scalar, UnsetVariable, interpolate, resolve, violation

T = TypeVar("T")
EMPTY: dict[str, Any] = {"list": list, "tuple": tuple, "dict": dict}  # what a null collection means
Pairs = list[tuple[str, yaml.Node, yaml.Node]]


def bind(schema: type[T], node: yaml.Node | None, source: str, environ: Mapping[str, str] | None = None) -> T:
    """An instance of `schema` from a node tree (`yaml.compose` with marks); `${ENV}` references in
    scalars are interpolated from `environ` (None: scalars are taken as written). ConfigError lists
    every problem."""
    binder = Binder(source, environ)
    if node is None:  # an empty document: every setting at its default
        node = yaml.MappingNode("tag:yaml.org,2002:map", [], yaml.Mark(source, 0, 0, 0, None, 0))
    result = binder.value(Shape("section", section=schema), node, "", UNDOCUMENTED)
    if binder.problems:
        raise ConfigError(binder.problems)
    return cast(T, result)


class Binder:
    """One binding: the source's name, the environment (None: no interpolation), the problems found."""

    def __init__(self, source: str, environ: Mapping[str, str] | None) -> None:
        self.source = source
        self.environ = environ
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, path: str, message: str) -> Any:
        mark = node.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        self.problems.append(Problem(self.source, line, column, path, message))
        return FAILED

    def value(self, shape: Shape, node: yaml.Node, path: str, setting: Setting) -> Any:
        """The node as the shape's type, or FAILED."""
        if shape.kind == "many":  # one value, or a list of them: a tuple either way
            if isinstance(node, yaml.SequenceNode):
                return self.sequence(Shape("tuple", item=shape.inner), node, path, setting)
            if not isinstance(node, yaml.ScalarNode):
                return self.problem(node, path, f"{place(path)}: expected {label(shape)}, got a mapping")
            scalar = self.scalar(node, path)
            if scalar is FAILED or (scalar.plain and scalar.text in NULLS):
                return FAILED if scalar is FAILED else ()
            one = self.from_scalar(shape.inner, scalar, node, path, setting)
            return FAILED if one is FAILED else (one,)
        if isinstance(node, yaml.ScalarNode):
            scalar = self.scalar(node, path)
            return FAILED if scalar is FAILED else self.from_scalar(shape, scalar, node, path, setting)
        target = shape.inner if shape.kind == "optional" else shape
        if target.kind == "any":  # free-form: a list or a mapping of free-form data
            target = Shape("list" if isinstance(node, yaml.SequenceNode) else "dict", item=target)
        if target.kind in ("list", "tuple") and isinstance(node, yaml.SequenceNode):
            return self.sequence(target, node, path, setting)
        if target.kind in ("dict", "section") and isinstance(node, yaml.MappingNode):
            return self.mapping(target, node, self.pairs(node, path), path, setting)
        got = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        return self.problem(node, path, f"{place(path)}: expected {label(shape)}, got {got}")

    def sequence(self, shape: Shape, node: yaml.SequenceNode, path: str, setting: Setting) -> Any:
        before = len(self.problems)
        items = [self.value(shape.inner, item, f"{path}[{i}]", setting) for i, item in enumerate(node.value)]
        if len(self.problems) > before:
            return FAILED
        return tuple(items) if shape.kind == "tuple" else items

    def mapping(self, shape: Shape, node: yaml.Node, pairs: Pairs, path: str, setting: Setting) -> Any:
        """A dict of the shape's values, or the shape's section (`pairs` are the node's)."""
        before = len(self.problems)
        if shape.kind == "dict":
            found = {key: self.value(shape.inner, value, join(path, key), setting) for key, _, value in pairs}
            return FAILED if len(self.problems) > before else found
        assert shape.section is not None
        fields = {spec.name: spec for spec in fields_of(shape.section)}
        values = {}
        for key, key_node, value_node in pairs:
            if key in fields:
                spec = fields[key]
                values[key] = self.value(spec.shape, value_node, join(path, key), spec.setting)
            else:
                self.problem(key_node, join(path, key), unknown_key(key, path, list(fields)))
        for name in fields:
            if fields[name].required and name not in values:
                self.problem(node, join(path, name), f"missing required key '{name}' in {place(path)}")
        if len(self.problems) > before:
            return FAILED
        try:
            return shape.section(**values)
        except (ValueError, TypeError) as error:  # the section's own checks (__post_init__)
            return self.problem(node, path, f"{place(path)}: {error}")

    def pairs(self, node: yaml.MappingNode, path: str) -> Pairs:
        """The mapping's (key, key node, value node), without duplicate or non-scalar keys."""
        found: Pairs = []
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, f"{place(path)}: a key must be a string")
                continue
            key = key_node.value
            if key in first:
                line = first[key].start_mark.line + 1 if first[key].start_mark else "?"
                message = f"duplicate key '{key}' in {place(path)} (first at line {line})"
                self.problem(key_node, join(path, key), message)
                continue
            first[key] = key_node
            found.append((key, key_node, value_node))
        return found

    def scalar(self, node: yaml.ScalarNode, path: str) -> Any:
        """The node's Scalar after interpolation, or FAILED."""
        text, plain = node.value, node.style is None
        if self.environ is not None:
            try:
                text, replaced = interpolate(text, self.environ)
            except UnsetVariable as error:
                return self.problem(node, path, f"{place(path)}: {error}")
            plain = plain or replaced
        return Scalar(text, plain)

    def from_scalar(self, shape: Shape, scalar: Scalar, node: yaml.Node, path: str, setting: Setting) -> Any:
        null = scalar.plain and scalar.text in NULLS
        if shape.kind == "optional" and null:
            return None
        target = shape.inner if shape.kind == "optional" else shape
        if target.kind == "any":
            return resolve(scalar.text) if scalar.plain else scalar.text
        if target.kind == "section" and null:  # `section:` with nothing under it: all defaults
            return self.mapping(target, node, [], path, setting)
        if target.kind in EMPTY and null:
            return EMPTY[target.kind]()
        value = scalar.typed(target)
        if value is FAILED:
            hint = literal_hint(target, scalar.text) if target.kind == "literal" else ""
            message = f"expected {label(shape)}, got {scalar.describe()}{hint}"
        else:
            message = violation(value, setting) or ""
        return self.problem(node, path, f"{place(path)}: {message}") if message else value


def unknown_key(key: str, path: str, known: list[str]) -> str:
    listed = ", ".join(sorted(known))
    return f"unknown key '{key}' in {place(path)} (known: {listed}){suggestion(key, known)}"


def literal_hint(shape: Shape, text: str) -> str:
    written = [str(value) for value in shape.values]
    return f"; write {text} without quotes" if text in written else suggestion(text, written)


def suggestion(given: str, known: list[str]) -> str:
    close = difflib.get_close_matches(given, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def place(path: str) -> str:
    return path or "the top level"


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def to_plain(value: Any) -> dict[str, Any]:
    """A config (a dataclass instance) as plain data: dicts, lists, strings, numbers, booleans, None."""
    plain = plain_data(value)
    if not isinstance(plain, dict) or not dataclasses.is_dataclass(value):
        raise TypeError(f"to_plain() takes a dataclass instance, not {type(value).__name__}")
    return plain


def plain_data(value: Any) -> Any:
    """Settings of any type as plain data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [field for field in dataclasses.fields(value) if field.init]  # not the derived ones
        return {field.name: plain_data(getattr(value, field.name)) for field in fields}
    if isinstance(value, Mapping):
        return {str(key): plain_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    return value


OVERRIDES = "<overrides>"


class _Written(str):
    """An override given as a string: typed by its setting, like an interpolated value."""


def merge_overrides(config: T, overrides: Mapping[str, Any]) -> T:
    """A new config with the settings at dotted paths ("server.port") replaced, validated as the file
    is: a string value is read as the setting's type ("8080" for an integer), other values as given.
    A path may reach into a mapping setting ("subgraphs.tax.url"), creating the entry."""
    data: dict[str, Any] = to_plain(config)
    problems = []
    for dotted, value in overrides.items():
        *parents, last = dotted.split(".")
        target = data
        for depth, key in enumerate(parents):
            if target.get(key) is None:
                target[key] = {}
            target = target[key]
            if not isinstance(target, dict):
                message = f"cannot set {dotted}: {'.'.join(parents[: depth + 1])} is not a section"
                problems.append(Problem(OVERRIDES, None, None, dotted, message))
                break
        else:
            target[last] = _Written(value) if isinstance(value, str) else value
    try:
        merged = bind(type(config), node_from_plain(data), OVERRIDES)
    except ConfigError as error:
        problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return merged


def node_from_plain(value: Any) -> yaml.Node:
    """A node tree (without marks) holding plain data exactly."""
    if isinstance(value, Mapping):
        pairs = [(node_from_plain(str(key)), node_from_plain(item)) for key, item in value.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs)
    if isinstance(value, list | tuple):
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [node_from_plain(item) for item in value])
    if isinstance(value, str):
        return yaml.ScalarNode(STR, str(value), style=None if isinstance(value, _Written) else '"')
    return yaml.ScalarNode(STR, _scalar_text(value))


def _scalar_text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return str(value).lower().replace("none", "null")
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, int | float):
        return repr(value)
    raise TypeError(f"a config cannot hold {type(value).__name__} {value!r}")


STR = "tag:yaml.org,2002:str"
