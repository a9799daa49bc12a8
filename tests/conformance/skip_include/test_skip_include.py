"""Conformance: `@skip` / `@include` with variables, on fields, fragments and cross-subgraph fields.

The request counts are the point: a branch that is skipped must not cause a subgraph request, and
a field that needs another subgraph (directly, or through `@requires`) must cost exactly one more
fetch when it is included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.skip_include.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent


P1 = 'product(id: "p-1")'

CASES = [
    Case(
        "include_false_on_entity_field",
        f"query ($inc: Boolean!) {{ {P1} {{ name stars @include(if: $inc) }} }}",
        {"data": {"product": {"name": "Canvas tent"}}},
        variables={"inc": False},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "include_true_on_entity_field",
        f"query ($inc: Boolean!) {{ {P1} {{ name stars @include(if: $inc) }} }}",
        {"data": {"product": {"name": "Canvas tent", "stars": 4.5}}},
        variables={"inc": True},
        requests={"store": 1, "ratings": 1, "shipping": 0},
    ),
    Case(
        "skip_true_on_entity_field",
        f"query ($s: Boolean!) {{ {P1} {{ price stars @skip(if: $s) }} }}",
        {"data": {"product": {"price": 249}}},
        variables={"s": True},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "skip_false_on_entity_field",
        f"query ($s: Boolean!) {{ {P1} {{ price stars @skip(if: $s) }} }}",
        {"data": {"product": {"price": 249, "stars": 4.5}}},
        variables={"s": False},
        requests={"store": 1, "ratings": 1, "shipping": 0},
    ),
    Case(
        "skip_true_on_named_fragment",
        f"""query ($s: Boolean!) {{ {P1} {{ name ...Shipping @skip(if: $s) }} }}
        fragment Shipping on Product {{ carrier shippingCost }}""",
        {"data": {"product": {"name": "Canvas tent"}}},
        variables={"s": True},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "skip_false_on_named_fragment_with_requires",
        f"""query ($s: Boolean!) {{ {P1} {{ name ...Shipping @skip(if: $s) }} }}
        fragment Shipping on Product {{ carrier shippingCost }}""",
        {"data": {"product": {"name": "Canvas tent", "carrier": "Freight", "shippingCost": 11}}},
        variables={"s": False},
        # store (name + weightGrams for the requires), then one shipping fetch.
        requests={"store": 1, "ratings": 0, "shipping": 1},
    ),
    Case(
        "include_false_on_requires_field",
        "query ($cost: Boolean!) { products { name shippingCost @include(if: $cost) } }",
        {"data": {"products": [{"name": "Canvas tent"}, {"name": "Camp stove"}]}},
        variables={"cost": False},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "include_true_on_requires_field",
        "query ($cost: Boolean!) { products { name shippingCost @include(if: $cost) } }",
        {
            "data": {
                "products": [
                    {"name": "Canvas tent", "shippingCost": 11},
                    {"name": "Camp stove", "shippingCost": 5},
                ]
            }
        },
        variables={"cost": True},
        requests={"store": 1, "ratings": 0, "shipping": 1},
    ),
    Case(
        "include_on_inline_fragment",
        "query ($r: Boolean!) { products { id ... @include(if: $r) { stars carrier } } }",
        {"data": {"products": [{"id": "p-1"}, {"id": "p-2"}]}},
        variables={"r": False},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "include_true_on_inline_fragment_two_subgraphs",
        "query ($r: Boolean!) { products { id ... @include(if: $r) { stars carrier } } }",
        {
            "data": {
                "products": [
                    {"id": "p-1", "stars": 4.5, "carrier": "Freight"},
                    {"id": "p-2", "stars": 3.5, "carrier": "Post"},
                ]
            }
        },
        variables={"r": True},
        # ratings and shipping are independent of each other: one fetch each, in parallel.
        requests={"store": 1, "ratings": 1, "shipping": 1},
    ),
    Case(
        "skip_on_root_field_of_other_subgraph",
        f"query ($s: Boolean!) {{ {P1} {{ name }} topRated @skip(if: $s) {{ id stars }} }}",
        {"data": {"product": {"name": "Canvas tent"}}},
        variables={"s": True},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "skip_and_include_together",
        f"query ($a: Boolean!, $b: Boolean!) {{ {P1} {{ name stars @skip(if: $a) @include(if: $b) }} }}",
        {"data": {"product": {"name": "Canvas tent"}}},
        # included only when skip is false AND include is true.
        variables={"a": True, "b": True},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "skip_and_include_together_included",
        f"query ($a: Boolean!, $b: Boolean!) {{ {P1} {{ name stars @skip(if: $a) @include(if: $b) }} }}",
        {"data": {"product": {"name": "Canvas tent", "stars": 4.5}}},
        variables={"a": False, "b": True},
        requests={"store": 1, "ratings": 1, "shipping": 0},
    ),
    Case(
        "literal_include_false",
        f"{{ {P1} {{ name carrier @include(if: false) }} }}",
        {"data": {"product": {"name": "Canvas tent"}}},
        requests={"store": 1, "ratings": 0, "shipping": 0},
    ),
    Case(
        "default_variable_value",
        f"query ($inc: Boolean = true) {{ {P1} {{ name stars @include(if: $inc) }} }}",
        {"data": {"product": {"name": "Canvas tent", "stars": 4.5}}},
        requests={"store": 1, "ratings": 1, "shipping": 0},
    ),
    Case(
        "field_skipped_once_but_selected_again",
        f"query ($s: Boolean!) {{ {P1} {{ stars @skip(if: $s) ... on Product {{ stars }} }} }}",
        {"data": {"product": {"stars": 4.5}}},
        # one unconditional occurrence is enough to include the field.
        variables={"s": True},
        requests={"store": 1, "ratings": 1, "shipping": 0},
    ),
    Case(
        "skip_whole_entity_branch_from_root_of_other_subgraph",
        "query ($s: Boolean!) { topRated { stars name @skip(if: $s) } }",
        {"data": {"topRated": [{"stars": 4.5}]}},
        variables={"s": True},
        # name would need store; skipped, ratings answers alone.
        requests={"store": 0, "ratings": 1, "shipping": 0},
    ),
    Case(
        "skipped_field_still_fetched_for_requires_but_not_returned",
        f"query ($s: Boolean!) {{ {P1} {{ weightGrams @skip(if: $s) shippingCost }} }}",
        {"data": {"product": {"shippingCost": 11}}},
        # the client skips weightGrams, yet shipping's @requires still needs it: fetched, not shown.
        variables={"s": True},
        requests={"store": 1, "ratings": 0, "shipping": 1},
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_skip_include(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests
