"""`@skip` / `@include` on variables, as (variable, include-when) pairs."""

from __future__ import annotations

from collections.abc import Iterable

from graphql.language import BooleanValueNode, DirectiveNode, FieldNode, VariableNode


def directive_conditions(directives: Iterable[DirectiveNode]) -> set[tuple[str, bool]]:
    found: set[tuple[str, bool]] = set()
    for directive in directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        for arg in directive.arguments or ():
            if arg.name.value == "if" and isinstance(arg.value, VariableNode):
                found.add((arg.value.name.value, name == "include"))
    return found


def field_conditions(
    node: FieldNode, wrappers: Iterable[tuple[DirectiveNode, ...]]
) -> frozenset[tuple[str, bool]]:
    found = directive_conditions(node.directives or ())
    for directives in wrappers:
        found |= directive_conditions(directives)
    return frozenset(found)


def is_excluded(directives: Iterable[DirectiveNode], variables: dict[str, object]) -> bool:
    """True when `@skip`/`@include` leave this selection out for these variable values."""
    for directive in directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        for arg in directive.arguments or ():
            if arg.name.value != "if":
                continue
            if isinstance(arg.value, VariableNode):
                value = bool(variables.get(arg.value.name.value))
            elif isinstance(arg.value, BooleanValueNode):
                value = arg.value.value
            else:
                continue
            if (name == "skip" and value) or (name == "include" and not value):
                return True
    return False


def statically_excluded(directives: Iterable[DirectiveNode] | None) -> bool:
    """True for `@skip(if: true)` / `@include(if: false)` written as literals."""
    for directive in directives or ():
        if directive.name.value not in ("skip", "include"):
            continue
        for arg in directive.arguments or ():
            literal = arg.value
            skips = directive.name.value == "skip"
            if arg.name.value == "if" and isinstance(literal, BooleanValueNode) and literal.value == skips:
                return True
    return False
