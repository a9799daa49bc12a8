"""Scalars as the config file writes them: `${ENV}` interpolation, and what an unquoted scalar means
(YAML 1.2's core schema: `yes` and `on` are strings, `0777` is a decimal integer, `1:20` a string)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .declare import Setting
from .introspect import Shape

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
TRUES = frozenset({"true", "True", "TRUE"})
FALSES = frozenset({"false", "False", "FALSE"})
INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, "+.inf": math.inf, "+.Inf": math.inf,
    "+.INF": math.inf, "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
FAILED: Any = object()  # a value that could not be bound (its problem is recorded)
REFERENCE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{")


class UnsetVariable(ValueError):
    """`${NAME}` without a default, and NAME is not set (or `${` that does not close)."""


def interpolate(text: str, environ: Mapping[str, str]) -> tuple[str, bool]:
    """`text` with `${NAME}` and `${NAME:-default}` (the default when NAME is unset or empty)
    replaced, and `$${` written as `${`; and whether a variable was replaced."""
    if "${" not in text:
        return text, False
    replaced = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal replaced
        whole, name, default = match.group(0), match.group(1), match.group(2)
        if whole == "$${":
            return "${"
        if name is None:
            raise UnsetVariable("'${' must start ${NAME} or ${NAME:-default} (write $${ for a literal '${')")
        replaced = True
        value = environ.get(name, "")
        if value == "" and default is not None:
            return default
        if name not in environ:
            raise UnsetVariable(f"environment variable {name} is not set (write ${{{name}:-default}})")
        return value

    return REFERENCE.sub(substitute, text), replaced


def resolve(text: str) -> Any:
    """What an unquoted scalar means: None, a bool, an int, a float or the string itself."""
    if text in NULLS:
        return None
    for parse in (as_bool, as_int, as_float):
        value = parse(text)
        if value is not None:
            return value
    return text


def as_bool(text: str) -> bool | None:
    return True if text in TRUES else False if text in FALSES else None


def as_int(text: str) -> int | None:
    if not INT.fullmatch(text):
        return None
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def as_float(text: str) -> float | None:
    """A float, or an integer as a float."""
    if text in SPECIAL_FLOATS:
        return SPECIAL_FLOATS[text]
    if FLOAT.fullmatch(text):
        return float(text)
    number = as_int(text)
    return None if number is None else float(number)


@dataclass(frozen=True)
class Scalar:
    """A scalar after interpolation; `plain` when unquoted or interpolated (typed by its target)."""

    text: str
    plain: bool

    def describe(self) -> str:
        value = resolve(self.text) if self.plain else self.text
        if value is None or isinstance(value, bool):
            return str(value).lower().replace("none", "null")
        return f"{LABELS[type(value).__name__]} {value!r}"

    def typed(self, shape: Shape) -> Any:
        """The scalar as the shape's (scalar) type; FAILED when it is not one."""
        text, plain = self.text, self.plain
        if shape.kind == "str":
            return FAILED if plain and text in NULLS else text
        if shape.kind == "literal":
            value = resolve(text) if plain else text
            for allowed in shape.values:
                if (type(allowed) is type(value) and allowed == value) or allowed == text:
                    return allowed
            return FAILED
        parse = PARSERS.get(shape.kind)
        value = parse(text) if plain and parse else None  # a quoted scalar is a string
        return FAILED if value is None else value


PARSERS: dict[str, Callable[[str], Any]] = {"bool": as_bool, "int": as_int, "float": as_float}
LABELS = {"int": "integer", "float": "number", "str": "string"}


def violation(value: Any, setting: Setting) -> str | None:
    """What breaks the setting's constraints, if anything."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if setting.minimum is not None and value < setting.minimum:
            return f"{value} is below the minimum {setting.minimum:g}"
        if setting.maximum is not None and value > setting.maximum:
            return f"{value} is above the maximum {setting.maximum:g}"
    if isinstance(value, str) and setting.pattern is not None and not re.search(setting.pattern, value):
        return f"{value!r} does not match the pattern {setting.pattern!r}"
    return None
