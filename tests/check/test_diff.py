"""The API-schema diff on its own: every kind of change, and agreement with graphql-core's list."""

from __future__ import annotations

from graphql import build_schema, find_breaking_changes

from gateway.check import BREAKING, DANGEROUS, SAFE, diff_schemas

OLD = """
type Query { citizen(id: ID!, lang: String): Citizen  search(filter: Filter): [Result!]  node: Node }
interface Node { id: ID! }
type Citizen implements Node { id: ID! name: String! nick: String  sex: Sex! }
type Office { id: ID! city: String }
union Result = Citizen | Office
enum Sex { FEMALE MALE OTHER }
input Filter { city: String  limit: Int = 10  tags: [String!] }
type Gone { x: Int }
"""

NEW = """
type Query {
  citizen(id: ID!, lang: String, page: Int!): Citizen
  search(filter: Filter, sort: String): [Result!]
  node: Node
  office(id: ID!): Office
}
interface Node { id: ID! }
type Citizen { id: ID! name: String nick: String!  sex: Sex! }
type Office { id: ID! city: String }
union Result = Citizen
enum Sex { FEMALE MALE UNKNOWN }
input Filter { city: String!  limit: Int = 20  tags: [String]  near: String!  radius: Int }
"""


def test_each_change_has_its_category_kind_and_coordinate() -> None:
    found = {(c.category, c.kind, c.coordinate) for c in diff_schemas(build_schema(OLD), build_schema(NEW))}
    assert found == {
        (BREAKING, "TYPE_REMOVED", "Gone"),
        (BREAKING, "REQUIRED_ARG_ADDED", "Query.citizen(page:)"),
        (BREAKING, "INTERFACE_REMOVED", "Citizen"),
        (BREAKING, "FIELD_TYPE_CHANGED", "Citizen.name"),
        (BREAKING, "UNION_MEMBER_REMOVED", "Result"),
        (BREAKING, "ENUM_VALUE_REMOVED", "Sex.OTHER"),
        (BREAKING, "INPUT_FIELD_TYPE_CHANGED", "Filter.city"),
        (SAFE, "INPUT_FIELD_TYPE_CHANGED", "Filter.tags"),  # [String!] -> [String] accepts more
        (BREAKING, "REQUIRED_INPUT_FIELD_ADDED", "Filter.near"),
        (DANGEROUS, "ENUM_VALUE_ADDED", "Sex.UNKNOWN"),
        (DANGEROUS, "INPUT_FIELD_DEFAULT_CHANGED", "Filter.limit"),
        (SAFE, "FIELD_TYPE_CHANGED", "Citizen.nick"),
        (SAFE, "ARG_ADDED", "Query.search(sort:)"),
        (SAFE, "FIELD_ADDED", "Query.office"),
        (SAFE, "INPUT_FIELD_ADDED", "Filter.radius"),
    }


def test_changes_are_ordered_breaking_first() -> None:
    categories = [c.category for c in diff_schemas(build_schema(OLD), build_schema(NEW))]
    assert categories == sorted(categories, key=[BREAKING, DANGEROUS, SAFE].index)


def test_what_each_breaking_change_touches() -> None:
    touches = {c.coordinate: c.touches for c in diff_schemas(build_schema(OLD), build_schema(NEW))}
    assert touches["Query.citizen(page:)"] == {"Query.citizen"}  # every use of the field now fails
    assert touches["Citizen.name"] == {"Citizen.name"}
    assert touches["Sex.OTHER"] == {"Sex"}
    assert touches["Filter.near"] == {"Filter"}


def test_relaxed_input_and_default_change() -> None:
    old = build_schema("type Query { f(a: Int!, b: Int = 1): Int }")
    new = build_schema("type Query { f(a: Int, b: Int = 2): Int }")
    found = {(c.category, c.kind, c.coordinate) for c in diff_schemas(old, new)}
    assert found == {
        (SAFE, "ARG_TYPE_CHANGED", "Query.f(a:)"),
        (DANGEROUS, "ARG_DEFAULT_CHANGED", "Query.f(b:)"),
    }


def test_agrees_with_graphql_core_on_what_breaks() -> None:
    old, new = build_schema(OLD), build_schema(NEW)
    ours = sum(1 for c in diff_schemas(old, new) if c.category == BREAKING)
    assert ours == len(find_breaking_changes(old, new))


def test_identical_schemas_have_no_changes() -> None:
    assert diff_schemas(build_schema(OLD), build_schema(OLD)) == []
