"""`Shaper.shape` on chosen inputs: the spec's null propagation (a null in a non-null position
nulls the nearest nullable parent, with one error at the null's path, and none when a subgraph
already reported one there), and regressions found by `test_equivalence`."""

from __future__ import annotations

from typing import Any

from gateway.shape import Shaper
from gateway.shape.fields import NULLED

from .strategies import QUERY, SCHEMA, operation_and_fragments


def shape(
    query: str, data: dict[str, Any], errors: list[dict[str, Any]] | None = None, **variables: Any
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    parsed = operation_and_fragments(query)
    assert parsed is not None, query
    errors = [] if errors is None else errors
    return Shaper(SCHEMA, *parsed).shape(data, variables, errors, QUERY), errors


def null_error(parent_field: str, path: list[str | int]) -> dict[str, Any]:
    return {
        "message": f"Cannot return null for non-nullable field {parent_field}.",
        "path": path,
        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
    }


def test_well_formed_data_becomes_the_selection_in_the_clients_order() -> None:
    query = "{ me { who: name __typename ...F } count } fragment F on Person { active }"
    data = {"count": 1, "me": {"active": True, "who": "Ann", "extra": 1}}
    result, errors = shape(query, data)
    assert result == {"me": {"who": "Ann", "__typename": "Person", "active": True}, "count": 1}
    assert list(result["me"]) == ["who", "__typename", "active"]
    assert errors == []


def test_a_null_non_null_field_nulls_its_parent_with_one_error() -> None:
    result, errors = shape(
        "{ me { name active } count }", {"me": {"name": "Ann", "active": None}, "count": 1}
    )
    assert result == {"me": None, "count": 1}
    assert errors == [null_error("Person.active", ["me", "active"])]


def test_a_missing_non_null_field_is_a_null() -> None:
    result, errors = shape("{ me { name active } }", {"me": {"name": "Ann"}})
    assert result == {"me": None}
    assert errors == [null_error("Person.active", ["me", "active"])]


def test_propagation_stops_at_the_nearest_nullable_parent() -> None:
    data = {"me": {"manager": {"active": None}, "name": "Ann"}}
    result, errors = shape("{ me { manager { active } name } }", data)
    assert result == {"me": {"manager": None, "name": "Ann"}}
    assert errors == [null_error("Person.active", ["me", "manager", "active"])]


def test_no_second_error_where_a_subgraph_reported_one() -> None:
    for reported in (["me", "active"], ["me"]):
        subgraph = {"message": "boom", "path": reported, "extensions": {"code": "X"}}
        result, errors = shape("{ me { active } }", {"me": {"active": None}}, [subgraph])
        assert result == {"me": None}
        assert errors == [subgraph]


def test_a_null_non_null_list_item_nulls_the_nullable_list() -> None:
    result, errors = shape("{ me { tags } }", {"me": {"tags": ["a", None]}})
    assert result == {"me": {"tags": None}}
    assert errors == [null_error("Person.tags", ["me", "tags", 1])]


def test_a_null_nullable_list_item_stays_a_null_item() -> None:
    data = {"people": [[{"active": True}, {"active": None}, None]]}
    result, errors = shape("{ people { active } }", data)
    assert result == {"people": [[{"active": True}, None, None]]}
    assert errors == [null_error("Person.active", ["people", 0, 1, "active"])]


def test_a_null_reaching_the_root_nulls_data_with_one_error() -> None:
    data = {"agencies": [{"__typename": "Office", "id": "o"}, {"__typename": "Department", "id": None}]}
    result, errors = shape("{ agencies { id } }", data)
    assert result is None
    assert errors == [null_error("Department.id", ["agencies", 1, "id"])]

    result, errors = shape("{ count me { name } }", {"me": {"name": "Ann"}})
    assert result is None
    assert errors == [null_error("Query.count", ["count"])]


def test_an_unhashable_typename_is_an_unknown_type_not_a_crash() -> None:
    # Found by test_equivalence: the fast path looked the list up in a dict (TypeError)
    # instead of leaving the response to the exact walker.
    result, errors = shape(
        "{ me { employer { __typename } } }", {"me": {"employer": {"__typename": ["Office"]}}}
    )
    assert result == {"me": {"employer": None}}
    assert errors == []


def test_collateral_nulls_of_an_entity_a_subgraph_nulled_add_no_error() -> None:
    # the subgraph answered this entity with null and an error at `active`: `score` (also
    # non-null, from the same entity call) is missing only because of that — no error of its own.
    subgraph_error = {"message": "boom", "path": ["me", "active"], "extensions": {"code": "X"}}
    data = {"me": {"name": "Ann", NULLED: True}, "count": 1}
    result, errors = shape("{ me { name score active } count }", data, [subgraph_error])
    assert result == {"me": None, "count": 1}
    assert errors == [subgraph_error]


def test_a_null_sent_as_a_value_still_gets_its_error_on_a_nulled_entity() -> None:
    # `score` is present as null (from another subgraph): a violation of its own.
    subgraph_error = {"message": "boom", "path": ["me", "active"], "extensions": {"code": "X"}}
    data = {"me": {"name": "Ann", "score": None, NULLED: True}, "count": 1}
    result, errors = shape("{ me { name score active } count }", data, [subgraph_error])
    assert result == {"me": None, "count": 1}
    assert errors == [subgraph_error, null_error("Person.score", ["me", "score"])]
