"""Hypothesis strategies for the shaping tests: random valid operations against a fixed, rich
API schema, and random merged subgraph data for them — well-formed, or broken at any depth
(missing keys, nulls in non-null positions, wrong scalar types, unknown enum values, unknown or
absent `__typename`, lists for objects and objects for lists, extra keys).

The data is built from the operation's syntax with its own field collection, not with
`gateway.shape.selection`, so a mistake there shows up as a difference instead of being
copied into the inputs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    build_schema,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_interface_type,
    is_leaf_type,
    is_union_type,
    parse,
    validate,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from hypothesis import assume
from hypothesis import strategies as st

SDL = """
scalar JSON

enum Status { ACTIVE SUSPENDED CLOSED }

interface Node { id: ID! }
interface Named { name: String }
interface Agency implements Node & Named {
  id: ID!
  name: String
  parent: Agency
  budget: Float
}

type Department implements Agency & Node & Named {
  id: ID!
  name: String
  parent: Agency
  budget: Float
  head: Person
  staff: [Person!]
  codes: [[Int!]]!
  status: Status!
}

type Office implements Agency & Node & Named {
  id: ID!
  name: String
  parent: Agency
  budget: Float
  address: Address!
  open: Boolean
  statuses: [Status]
}

type Person implements Node & Named {
  id: ID!
  name: String
  age: Int
  score: Float!
  active: Boolean!
  manager: Person
  reports: [Person]!
  tags: [String!]
  status: Status
  meta: JSON
  employer: Agency
  related: [Named!]
}

type Address {
  line: String!
  postcode: String
  lines: [String]!
}

union SearchResult = Department | Office | Person | Address

type Query {
  node(id: ID!): Node
  agencies: [Agency!]!
  search(term: String): [SearchResult]
  results: [SearchResult!]!
  person: Person!
  people: [[Person]!]
  me: Person
  count: Int!
  big: Int
  ratio: Float
  flag: Boolean!
  status: Status!
  tags: [String]!
  grid: [[Int]!]
  meta: JSON
}
"""
SCHEMA = build_schema(SDL)
QUERY = SCHEMA.query_type
PERSON = SCHEMA.type_map["Person"]
assert QUERY is not None and isinstance(PERSON, GraphQLObjectType)
COMPOSITES = [t for name, t in SCHEMA.type_map.items() if is_composite_type(t) and not name.startswith("__")]

MAX_DEPTH = 4
META = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}  # on the query type only
ARGUMENTS = {
    "node": ['(id: "1")', "(id: 2)"],
    "search": ["", '(term: "a")', "(term: null)"],
    "__type": ['(name: "Person")'],
}
ALIASES = ["", "", "", "", "{}A", "{}B", "{}A", "{}B", "a", "name"]  # "a", "name": some collide
DIRECTIVES = [
    *[""] * 6,
    "@skip(if: $s)",
    "@include(if: $i)",
    "@skip(if: $i)",
    "@include(if: $s)",
    "@skip(if: true)",
    "@skip(if: false)",
    "@include(if: true)",
    "@include(if: false)",
    "@skip(if: $s) @include(if: $i)",
]
SELECTION_KINDS = ["field", "field", "field", "field", "inline", "spread", "twin"]

# What orjson.loads gives the executor: ints up to 64 bits (larger ones arrive as floats).
JSON_INTS = st.integers(-(2**63), 2**64 - 1)
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "String": st.text(max_size=4),
    "ID": st.one_of(st.text(max_size=3), JSON_INTS),
    "Int": st.one_of(st.sampled_from([0, -(2**31), 2**31 - 1]), st.integers(-(2**31), 2**31 - 1)),
    "Float": st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**60), 2**60)),
    "Boolean": st.booleans(),
    "JSON": st.recursive(
        st.none() | st.booleans() | JSON_INTS | st.text(max_size=3),
        lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
        max_leaves=4,
    ),
}
JUNK = st.one_of(
    st.sampled_from(
        [None, "", "x", "ACTIVE", 0, 1, -1, 2**31, -(2**31) - 1, 2**63, 2**64 - 1, 1.5, 0.0, True, False]
    ),
    st.sampled_from([[], [None], ["x"], [1, None], {}, {"a": 1}, {"__typename": "Person"}]).map(
        lambda v: v.copy()
    ),
    JSON_INTS,
    st.text(max_size=2),
)
NEAR_MISSES = {  # values one check away from fitting the type
    "Int": st.sampled_from([2**31, -(2**31) - 1, 1.0, True]),
    "Float": st.sampled_from([True, False, "1.5"]),
    "String": st.sampled_from([1, True, ["a"]]),
    "ID": st.sampled_from([1.5, True, False]),
    "Boolean": st.sampled_from([0, 1, "true"]),
}
BAD_ENUMS = st.sampled_from(["NOPE", "active", "", 1, True, ["ACTIVE"]])
TYPENAMES = st.one_of(
    st.sampled_from([None, "", "Ghost", "Query", "JSON", "Status", 7, 1.5, True]),
    st.sampled_from([t.name for t in COMPOSITES]),
    st.sampled_from([["Person"], {"name": "Person"}, ["Department", "Office"]]).map(lambda v: v.copy()),
)


def possible(type_: Any) -> set[str]:
    if isinstance(type_, GraphQLObjectType):
        return {type_.name}
    return {t.name for t in SCHEMA.get_possible_types(type_)}


def field_type(owner: Any, name: str) -> Any:
    return META[name].type if name in META else owner.fields[name].type


def overlapping(type_: Any) -> list[Any]:
    """The type conditions a fragment may have inside a selection on `type_`."""
    if type_ not in COMPOSITES:  # an introspection type
        return [type_]
    return [t for t in COMPOSITES if possible(t) & possible(type_)]


@dataclass
class Request:
    variables: dict[str, Any]
    data: dict[str, Any]
    errors: list[dict[str, Any]]
    well_formed: bool


@dataclass
class Case:
    text: str
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    requests: list[Request]

    def __repr__(self) -> str:  # the document and the requests, not the AST
        return f"Case({self.text!r}, requests={self.requests!r})"


class _OperationText:
    """Writes one random operation; fragments are defined as they are first spread."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.fragments: list[tuple[str, Any, str]] = []  # name, type condition, definition
        self.variables: set[str] = set()

    def text(self) -> str:
        body = self.selection_set(QUERY, 0)
        declared = ", ".join(f"${name}: Boolean!" for name in sorted(self.variables))
        head = f"query Q({declared})" if declared else "query Q"
        return " ".join([head, body, *(definition for _, _, definition in self.fragments)])

    def directives(self) -> str:
        text = self.draw(st.sampled_from(DIRECTIVES))
        self.variables.update(re.findall(r"\$(\w+)", text))
        return text

    def selection_set(self, type_: Any, depth: int) -> str:
        count = self.draw(st.integers(1, 3 if depth < MAX_DEPTH else 1))
        return "{ " + " ".join(self.selection(type_, depth) for _ in range(count)) + " }"

    def selection(self, type_: Any, depth: int) -> str:
        kind = self.draw(st.sampled_from(SELECTION_KINDS)) if depth < MAX_DEPTH else "field"
        if kind == "inline":
            condition = self.draw(st.sampled_from([None, *overlapping(type_)]))
            on = f"... on {condition.name}" if condition else "..."
            inner = self.selection_set(condition or type_, depth + 1)
            return f"{on} {self.directives()} {inner}"
        if kind == "spread":
            return f"...{self.fragment(type_, depth)} {self.directives()}"
        names = [] if is_union_type(type_) else [*type_.fields, *(META if type_ is QUERY else ())]
        name = self.draw(st.sampled_from(["__typename", *names]))
        field = self.field(type_, depth, name)
        if kind == "twin":  # the same field again, under another response key or the same one
            field += " " + self.field(type_, depth, name)
        return field

    def fragment(self, type_: Any, depth: int) -> str:
        fitting = {t.name for t in overlapping(type_)}
        known = [name for name, condition, _ in self.fragments if condition.name in fitting]
        if known and self.draw(st.booleans()):
            return self.draw(st.sampled_from(known))
        condition = self.draw(st.sampled_from(overlapping(type_)))
        body = self.selection_set(condition, depth + 1)
        name = f"F{len(self.fragments)}"
        self.fragments.append((name, condition, f"fragment {name} on {condition.name} {body}"))
        return name

    def field(self, type_: Any, depth: int, name: str) -> str:
        alias = self.draw(st.sampled_from(ALIASES)).format(name.strip("_"))
        alias = f"{alias}: " if alias else ""
        if name == "__typename":
            return f"{alias}__typename {self.directives()}"
        arguments = self.draw(st.sampled_from(ARGUMENTS.get(name, [""])))
        named = get_named_type(field_type(type_, name))
        sub = ""
        if is_composite_type(named):
            sub = self.selection_set(named, depth + 1) if depth < MAX_DEPTH else "{ __typename }"
        return f"{alias}{name}{arguments} {self.directives()} {sub}"


class _Data:
    """Merged data for one operation; `rate` is the percentage of places that are broken."""

    def __init__(self, draw: st.DrawFn, fragments: dict[str, FragmentDefinitionNode], rate: int) -> None:
        self.draw = draw
        self.fragments = fragments
        self.rate = rate
        self.paths: list[list[str | int]] = []
        self.budget = 60  # values to draw before lists stay short: the data stays small

    def broken(self) -> bool:
        return self.rate > 0 and self.draw(st.integers(0, 99)) < self.rate

    def value(self, type_: Any, sets: list[SelectionSetNode], path: list[str | int]) -> Any:
        self.paths.append(path)
        self.budget -= 1
        if self.broken():
            return self.junk(type_, sets, path)
        if isinstance(type_, GraphQLNonNull):
            return self.present(type_.of_type, sets, path)
        if self.draw(st.integers(0, 7)) == 0:
            return None
        return self.present(type_, sets, path)

    def present(self, type_: Any, sets: list[SelectionSetNode], path: list[str | int]) -> Any:
        if isinstance(type_, GraphQLList):
            count = self.draw(st.integers(0, 3 if self.budget > 0 else 1))
            return [self.value(type_.of_type, sets, [*path, i]) for i in range(count)]
        if isinstance(type_, GraphQLEnumType):
            return self.draw(st.sampled_from(list(type_.values)))
        if type_.name in SCALARS:
            return self.draw(SCALARS[type_.name])
        return self.object(type_, sets, path)

    def junk(self, type_: Any, sets: list[SelectionSetNode], path: list[str | int]) -> Any:
        bare = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        choice = self.draw(st.sampled_from(["null", "any", "near", "near"]))
        if choice == "null":
            return None
        if choice == "near" and isinstance(bare, GraphQLList):  # an item where the list belongs
            return self.value(bare.of_type, sets, path)
        if choice == "near" and is_composite_type(bare):  # a list where the object belongs
            return [self.object(bare, sets, path)]
        if choice == "near" and isinstance(bare, GraphQLEnumType):
            return self.draw(BAD_ENUMS)
        if choice == "near" and getattr(bare, "name", None) in NEAR_MISSES:
            return self.draw(NEAR_MISSES[bare.name])
        return self.draw(JUNK)

    def object(self, static: Any, sets: list[SelectionSetNode], path: list[str | int]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if is_abstract_type(static):
            names = sorted(possible(static)) + ([static.name] if is_interface_type(static) else [])
            runtime = SCHEMA.get_type(self.draw(st.sampled_from(names)))
            out["__typename"] = runtime.name
        else:
            runtime = static
            if self.draw(st.booleans()):
                out["__typename"] = runtime.name
        for key, (ftype, subsets, applies) in self.keys(static, runtime, sets).items():
            if applies and self.broken():
                continue  # a missing key
            if applies or self.broken():  # a key of another type's fragment: an extra key
                out[key] = self.value(ftype, subsets, [*path, key])
        if self.broken():
            typename = self.draw(TYPENAMES)
            if typename is None and self.draw(st.booleans()):
                out.pop("__typename", None)
            else:
                out["__typename"] = typename
        if self.broken():
            out["extra"] = self.draw(JUNK)
        return out

    def keys(
        self, static: Any, runtime: Any, sets: list[SelectionSetNode]
    ) -> dict[str, tuple[Any, list[SelectionSetNode], bool]]:
        """Response key -> (field type, sub-selections, whether it applies to `runtime`)."""
        found: dict[str, tuple[Any, list[SelectionSetNode], bool]] = {}

        def walk(selection_set: SelectionSetNode, owner: Any) -> None:
            for sel in selection_set.selections:
                if isinstance(sel, FieldNode):
                    name = sel.name.value
                    if name == "__typename" or is_union_type(owner):
                        continue
                    applies = owner is runtime or (
                        is_abstract_type(owner) and SCHEMA.is_sub_type(owner, runtime)
                    )
                    key = sel.alias.value if sel.alias else name
                    entry = found.get(key)
                    if entry is None or (applies and not entry[2]):
                        entry = found[key] = (field_type(owner, name), [], applies)
                    if entry[2] == applies and sel.selection_set is not None:
                        entry[1].append(sel.selection_set)
                elif isinstance(sel, InlineFragmentNode):
                    condition = sel.type_condition
                    walk(sel.selection_set, SCHEMA.get_type(condition.name.value) if condition else owner)
                elif isinstance(sel, FragmentSpreadNode):
                    fragment = self.fragments[sel.name.value]
                    walk(fragment.selection_set, SCHEMA.get_type(fragment.type_condition.name.value))

        for selection_set in sets:
            walk(selection_set, static)
        return found


def operation_and_fragments(
    text: str,
) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]] | None:
    """The operation and fragments of `text`, or None when it is not valid for `SCHEMA`."""
    document = parse(text)
    if validate(SCHEMA, document):
        return None
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return operation, fragments


@st.composite
def requests(draw: st.DrawFn, case: Case, condition_variables: set[str]) -> Request:
    rate = draw(st.sampled_from([0, 0, 3, 3, 10, 30]))
    builder = _Data(draw, case.fragments, rate)
    data = builder.object(QUERY, [case.operation.selection_set], [])
    errors: list[dict[str, Any]] = []
    if builder.paths and draw(st.integers(0, 3)) == 0:
        path = draw(st.sampled_from(builder.paths))
        errors.append({"message": "from a subgraph", "path": list(path), "extensions": {"code": "X"}})
    if draw(st.integers(0, 15)) == 0:
        errors.append({"message": "a subgraph is down", "extensions": {"code": "Y"}})
    variables = {name: draw(st.booleans()) for name in sorted(condition_variables)}
    return Request(variables, data, errors, well_formed=rate == 0)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A valid operation and one to three requests (variables, merged data, subgraph errors)."""
    writer = _OperationText(draw)
    text = writer.text()
    parsed = operation_and_fragments(text)
    assume(parsed is not None)
    assert parsed is not None
    case = Case(text, *parsed, [])
    case.requests = draw(st.lists(requests(case, writer.variables), min_size=1, max_size=3))
    return case


LEAF_FIELDS = [
    *(((), name, f.type) for name, f in QUERY.fields.items() if is_leaf_type(get_named_type(f.type))),
    *((("me",), name, f.type) for name, f in PERSON.fields.items() if is_leaf_type(get_named_type(f.type))),
]


def leaf_values(type_: Any) -> st.SearchStrategy[Any]:
    """Values for a leaf field: fitting, one check away from fitting (often), or anything."""
    bare = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(bare, GraphQLList):
        item = leaf_values(bare.of_type)
        return st.one_of(st.none(), st.lists(item, max_size=3), item, JUNK)
    if isinstance(bare, GraphQLEnumType):
        fitting, near = st.sampled_from(list(bare.values)), BAD_ENUMS
    else:
        fitting, near = SCALARS[bare.name], NEAR_MISSES.get(bare.name, JUNK)
    return st.one_of(st.none(), fitting, near, near, JUNK)


def leaf_case(where: tuple[str, ...], name: str, values: list[Any]) -> Case:
    """`{ name }` (under `where`), one request for each of `values`."""
    text = "".join(f"{{ {outer} " for outer in where) + f"{{ {name} }}" + " }" * len(where)
    parsed = operation_and_fragments(text)
    assert parsed is not None, text
    requests = []
    for value in values:
        data: dict[str, Any] = {name: value}
        for outer in reversed(where):
            data = {outer: data}
        requests.append(Request({}, data, [], well_formed=False))
    return Case(text, *parsed, requests)


@st.composite
def leaf_cases(draw: st.DrawFn) -> Case:
    """One leaf field (a scalar, an enum, lists of them) and values often one check away from
    fitting: the checks of every scalar and enum at every list depth, many times over."""
    where, name, type_ = draw(st.sampled_from(LEAF_FIELDS))
    return leaf_case(where, name, draw(st.lists(leaf_values(type_), min_size=1, max_size=3)))
