"""The difference between two API schemas, as a list of `Change`s a client would care about.

    breaking   a client's valid operation may stop validating or start failing:
               a type, field, argument, enum value, union member or interface removed;
               an output made nullable (non-null -> nullable); an input made stricter
               (nullable -> non-null, or a required argument / input field added);
               any other change of an argument's or input field's type; a type's kind changed
    dangerous  valid operations keep validating but may see something new: an enum value or
               union member added, an argument's default changed, an interface added
    safe       types, fields and optional arguments / input fields added; an output made
               stricter (nullable -> non-null); an input relaxed (non-null -> nullable)

Every change names the schema coordinate it is about and the coordinates an operation must
use to be touched by it (`touches`), which is how `--operations` narrows "breaking".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    print_ast,
)

BREAKING = "breaking"
DANGEROUS = "dangerous"
SAFE = "safe"
CATEGORIES = (BREAKING, DANGEROUS, SAFE)


@dataclass(frozen=True)
class Change:
    category: str  # breaking | dangerous | safe
    kind: str  # e.g. FIELD_REMOVED
    coordinate: str  # e.g. "Citizen.taxAccount", "Citizen.assessments(year:)", "Sex.OTHER"
    message: str
    touches: frozenset[str] = frozenset()  # coordinates that, used by an operation, it affects


def _kind(named: GraphQLNamedType) -> str:
    kinds = (
        (GraphQLObjectType, "object"),
        (GraphQLInterfaceType, "interface"),
        (GraphQLUnionType, "union"),
        (GraphQLEnumType, "enum"),
        (GraphQLInputObjectType, "input"),
    )
    return next((name for cls, name in kinds if isinstance(named, cls)), "scalar")


def _is_user_type(name: str) -> bool:
    return not name.startswith("__")


def output_compatible(old: GraphQLType, new: GraphQLType) -> bool:
    """Can a client that handled values of `old` handle values of `new`?"""
    if isinstance(new, GraphQLNonNull):
        inner_old = old.of_type if isinstance(old, GraphQLNonNull) else old
        return output_compatible(inner_old, new.of_type)
    if isinstance(old, GraphQLNonNull):
        return False  # non-null -> nullable: clients may now get null
    if isinstance(old, GraphQLList) and isinstance(new, GraphQLList):
        return output_compatible(old.of_type, new.of_type)
    if isinstance(old, GraphQLList) or isinstance(new, GraphQLList):
        return False
    return get_named_type(old).name == get_named_type(new).name


def input_compatible(old: GraphQLType, new: GraphQLType) -> bool:
    """Is every value a client could send for `old` still accepted by `new`?"""
    if isinstance(old, GraphQLNonNull):
        inner_new = new.of_type if isinstance(new, GraphQLNonNull) else new
        return input_compatible(old.of_type, inner_new)
    if isinstance(new, GraphQLNonNull):
        return False  # nullable -> non-null: clients omitting it or sending null now fail
    if isinstance(old, GraphQLList) and isinstance(new, GraphQLList):
        return input_compatible(old.of_type, new.of_type)
    if isinstance(old, GraphQLList) or isinstance(new, GraphQLList):
        return False
    return get_named_type(old).name == get_named_type(new).name


def diff_schemas(old: GraphQLSchema, new: GraphQLSchema) -> list[Change]:
    """Every change from `old` to `new`, breaking first, then dangerous, then safe."""
    changes: list[Change] = []
    old_types = {n: t for n, t in old.type_map.items() if _is_user_type(n)}
    new_types = {n: t for n, t in new.type_map.items() if _is_user_type(n)}
    for name, old_type in old_types.items():
        new_type = new_types.get(name)
        if new_type is None:
            changes.append(
                Change(BREAKING, "TYPE_REMOVED", name, f"type {name} was removed", frozenset({name}))
            )
        elif _kind(old_type) != _kind(new_type):
            message = f"{name} changed from {_kind(old_type)} to {_kind(new_type)}"
            changes.append(Change(BREAKING, "TYPE_KIND_CHANGED", name, message, frozenset({name})))
        else:
            changes.extend(_diff_type(old_type, new_type))
    for name, new_type in new_types.items():
        if name not in old_types:
            message = f"{_kind(new_type)} {name} was added"
            changes.append(Change(SAFE, "TYPE_ADDED", name, message))
    changes = _hint_renames(changes)
    return sorted(changes, key=lambda c: (CATEGORIES.index(c.category), c.coordinate, c.kind))


def _diff_type(old: GraphQLNamedType, new: GraphQLNamedType) -> Iterator[Change]:
    if isinstance(old, GraphQLObjectType | GraphQLInterfaceType):
        assert isinstance(new, GraphQLObjectType | GraphQLInterfaceType)
        yield from _diff_fields(old, new)
        yield from _diff_interfaces(old, new)
    elif isinstance(old, GraphQLUnionType):
        assert isinstance(new, GraphQLUnionType)
        yield from _diff_members(old, new)
    elif isinstance(old, GraphQLEnumType):
        assert isinstance(new, GraphQLEnumType)
        yield from _diff_enum(old, new)
    elif isinstance(old, GraphQLInputObjectType):
        assert isinstance(new, GraphQLInputObjectType)
        yield from _diff_input(old, new)


def _diff_fields(
    old: GraphQLObjectType | GraphQLInterfaceType, new: GraphQLObjectType | GraphQLInterfaceType
) -> Iterator[Change]:
    for name, old_field in old.fields.items():
        coordinate = f"{old.name}.{name}"
        new_field = new.fields.get(name)
        if new_field is None:
            message = f"field {coordinate} was removed"
            yield Change(BREAKING, "FIELD_REMOVED", coordinate, message, frozenset({coordinate}))
            continue
        yield from _diff_field(coordinate, old_field, new_field)
    for name, new_field in new.fields.items():
        if name not in old.fields:
            coordinate = f"{new.name}.{name}"
            yield Change(SAFE, "FIELD_ADDED", coordinate, f"field {coordinate}: {new_field.type} was added")


def _diff_field(coordinate: str, old: GraphQLField, new: GraphQLField) -> Iterator[Change]:
    if str(old.type) != str(new.type):
        change = f"field {coordinate} changed type from {old.type} to {new.type}"
        if output_compatible(old.type, new.type):
            yield Change(SAFE, "FIELD_TYPE_CHANGED", coordinate, change)
        else:
            yield Change(BREAKING, "FIELD_TYPE_CHANGED", coordinate, change, frozenset({coordinate}))
    if new.deprecation_reason and not old.deprecation_reason:
        reason = f"field {coordinate} was deprecated: {new.deprecation_reason}"
        yield Change(SAFE, "FIELD_DEPRECATED", coordinate, reason)
    for name, old_arg in old.args.items():
        new_arg = new.args.get(name)
        arg_coordinate = f"{coordinate}({name}:)"
        if new_arg is None:
            message = f"argument {arg_coordinate} was removed"
            yield Change(BREAKING, "ARG_REMOVED", arg_coordinate, message, frozenset({arg_coordinate}))
        else:
            yield from _diff_argument(coordinate, arg_coordinate, old_arg, new_arg)
    for name, new_arg in new.args.items():
        if name in old.args:
            continue
        arg_coordinate = f"{coordinate}({name}:)"
        if _required(new_arg):
            message = f"required argument {arg_coordinate}: {new_arg.type} was added"
            yield Change(BREAKING, "REQUIRED_ARG_ADDED", arg_coordinate, message, frozenset({coordinate}))
        else:
            yield Change(
                SAFE, "ARG_ADDED", arg_coordinate, f"argument {arg_coordinate}: {new_arg.type} was added"
            )


def _default(value: GraphQLArgument | GraphQLInputField) -> str | None:
    """The default value as GraphQL text, or None without one."""
    if value.default is not None:
        if value.default.literal is not None:
            return print_ast(value.default.literal)
        return repr(value.default.value)
    return None if value.default_value is Undefined else repr(value.default_value)


def _required(value: GraphQLArgument | GraphQLInputField) -> bool:
    return isinstance(value.type, GraphQLNonNull) and _default(value) is None


def _diff_argument(
    field_coordinate: str, coordinate: str, old: GraphQLArgument, new: GraphQLArgument
) -> Iterator[Change]:
    if str(old.type) != str(new.type):
        message = f"argument {coordinate} changed type from {old.type} to {new.type}"
        if input_compatible(old.type, new.type):
            yield Change(SAFE, "ARG_TYPE_CHANGED", coordinate, message)
        else:
            touched = {coordinate, field_coordinate} if _required(new) else {coordinate}
            yield Change(BREAKING, "ARG_TYPE_CHANGED", coordinate, message, frozenset(touched))
    elif _default(old) != _default(new):
        message = f"argument {coordinate} changed its default from {_default(old)} to {_default(new)}"
        yield Change(DANGEROUS, "ARG_DEFAULT_CHANGED", coordinate, message, frozenset({field_coordinate}))


def _diff_interfaces(
    old: GraphQLObjectType | GraphQLInterfaceType, new: GraphQLObjectType | GraphQLInterfaceType
) -> Iterator[Change]:
    old_names = {i.name for i in old.interfaces}
    new_names = {i.name for i in new.interfaces}
    for name in sorted(old_names - new_names):
        message = f"{old.name} no longer implements {name}"
        yield Change(BREAKING, "INTERFACE_REMOVED", old.name, message, frozenset({old.name, name}))
    for name in sorted(new_names - old_names):
        message = f"{old.name} now implements {name}"
        yield Change(DANGEROUS, "INTERFACE_ADDED", old.name, message, frozenset({name}))


def _diff_members(old: GraphQLUnionType, new: GraphQLUnionType) -> Iterator[Change]:
    old_names = {t.name for t in old.types}
    new_names = {t.name for t in new.types}
    for name in sorted(old_names - new_names):
        message = f"{name} was removed from union {old.name}"
        yield Change(BREAKING, "UNION_MEMBER_REMOVED", old.name, message, frozenset({old.name}))
    for name in sorted(new_names - old_names):
        message = f"{name} was added to union {old.name}"
        yield Change(DANGEROUS, "UNION_MEMBER_ADDED", old.name, message, frozenset({old.name}))


def _diff_enum(old: GraphQLEnumType, new: GraphQLEnumType) -> Iterator[Change]:
    for name in old.values:
        if name not in new.values:
            coordinate = f"{old.name}.{name}"
            message = f"enum value {coordinate} was removed"
            yield Change(BREAKING, "ENUM_VALUE_REMOVED", coordinate, message, frozenset({old.name}))
    for name in new.values:
        if name not in old.values:
            coordinate = f"{old.name}.{name}"
            message = (
                f"enum value {coordinate} was added (clients switching over {old.name} may not expect it)"
            )
            yield Change(DANGEROUS, "ENUM_VALUE_ADDED", coordinate, message, frozenset({old.name}))


def _diff_input(old: GraphQLInputObjectType, new: GraphQLInputObjectType) -> Iterator[Change]:
    touches = frozenset({old.name})
    for name, old_field in old.fields.items():
        coordinate = f"{old.name}.{name}"
        new_field = new.fields.get(name)
        if new_field is None:
            yield Change(
                BREAKING, "INPUT_FIELD_REMOVED", coordinate, f"input field {coordinate} was removed", touches
            )
        elif str(old_field.type) != str(new_field.type):
            message = f"input field {coordinate} changed type from {old_field.type} to {new_field.type}"
            if input_compatible(old_field.type, new_field.type):
                yield Change(SAFE, "INPUT_FIELD_TYPE_CHANGED", coordinate, message)
            else:
                yield Change(BREAKING, "INPUT_FIELD_TYPE_CHANGED", coordinate, message, touches)
        elif _default(old_field) != _default(new_field):
            defaults = f"from {_default(old_field)} to {_default(new_field)}"
            message = f"input field {coordinate} changed its default {defaults}"
            yield Change(DANGEROUS, "INPUT_FIELD_DEFAULT_CHANGED", coordinate, message, touches)
    for name, new_field in new.fields.items():
        if name in old.fields:
            continue
        coordinate = f"{old.name}.{name}"
        if _required(new_field):
            message = f"required input field {coordinate}: {new_field.type} was added"
            yield Change(BREAKING, "REQUIRED_INPUT_FIELD_ADDED", coordinate, message, touches)
        else:
            message = f"input field {coordinate}: {new_field.type} was added"
            yield Change(SAFE, "INPUT_FIELD_ADDED", coordinate, message)


_RENAMES = {
    "FIELD_REMOVED": "FIELD_ADDED",
    "ENUM_VALUE_REMOVED": "ENUM_VALUE_ADDED",
    "ARG_REMOVED": "ARG_ADDED",
}


def _parent(coordinate: str) -> str:
    return coordinate.rsplit(".", 1)[0] if "(" not in coordinate else coordinate.split("(", 1)[0]


def _hint_renames(changes: list[Change]) -> list[Change]:
    """A removal with exactly one addition of the same kind beside it is probably a rename: say so."""
    out = []
    for change in changes:
        added_kind = _RENAMES.get(change.kind)
        if added_kind is not None:
            beside = [
                c
                for c in changes
                if c.kind == added_kind and _parent(c.coordinate) == _parent(change.coordinate)
            ]
            if len(beside) == 1:
                hint = f"{change.message} (renamed to {beside[0].coordinate}?)"
                change = Change(change.category, change.kind, change.coordinate, hint, change.touches)
        out.append(change)
    return out
