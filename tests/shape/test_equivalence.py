"""The two shaping paths give identical results: whenever the generated (fast) functions return
a value, it is the exact walker's value for the same input and the exact walker writes no
error; and `Shaper.shape`, which falls back to the exact walker on `Unusual`, always returns
the exact walker's data and errors — null propagation included. Well-formed data must also stay
on the fast path (falling back there would be correct, but slow).

Random valid operations and random merged data (well-formed and broken) come from
`strategies`; the examples are derandomized, so every run checks the same ones."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context

from gateway.shape import Shaper
from gateway.shape.codegen import generate
from gateway.shape.compile import Compiler
from gateway.shape.exact import PROPAGATE, ExactWalk
from gateway.shape.fields import Unusual
from gateway.shape.selection import SelectionIndex, condition_variables

from .strategies import LEAF_FIELDS, QUERY, SCHEMA, Case, cases, leaf_case, leaf_cases

FELL_BACK = object()
BOUNDARIES = [
    *(None, 0, -(2**31), 2**31 - 1, 2**31, -(2**31) - 1, 2**63, 2**64 - 1, 1.0, -0.0, 1.5, True, False),
    *("", "1", "ACTIVE", "NOPE", [], [None], ["ACTIVE"], [1], [[1]], [[None]], [2**31], {}, {"a": 1}),
]
SETTINGS = settings(
    max_examples=600,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def typed(value: Any) -> Any:
    """`value` with every type and key order made visible (`1 == True == 1.0` otherwise)."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


def fast(case: Case, index: SelectionIndex, variables: dict[str, Any], data: dict[str, Any]) -> Any:
    """The generated function, compiled as `Shaper` compiles it; FELL_BACK on `Unusual`."""
    names = condition_variables(case.operation, case.fragments)
    compiler = Compiler(index, {name: bool(variables.get(name)) for name in names})
    function = generate(compiler.object_fields(QUERY, (case.operation.selection_set,)))
    try:
        return function(data)
    except Unusual:
        return FELL_BACK


def exact(case: Case, index: SelectionIndex, variables: dict[str, Any], data: Any, errors: list[Any]) -> Any:
    walk = ExactWalk(index, variables, errors)
    result = walk.complete_object(data, QUERY, (case.operation.selection_set,), [])
    return None if result is PROPAGATE else result


@SETTINGS
@given(cases())
def test_fast_path_and_exact_walker_agree(case: Case) -> None:
    check(case)


@settings(SETTINGS, max_examples=500)
@given(leaf_cases())
def test_fast_path_and_exact_walker_agree_on_leaf_values(case: Case) -> None:
    check(case)


def test_fast_path_and_exact_walker_agree_on_boundary_values() -> None:
    values = [*BOUNDARIES, *([v] for v in BOUNDARIES), *([[v]] for v in BOUNDARIES)]  # at every depth
    for where, name, _ in LEAF_FIELDS:
        check(leaf_case(where, name, values))


def check(case: Case) -> None:
    shaper = Shaper(SCHEMA, case.operation, case.fragments)
    index = SelectionIndex(SCHEMA, case.fragments)
    for request in case.requests:
        original = copy.deepcopy(request.data)

        exact_errors = copy.deepcopy(request.errors)
        expected = exact(case, index, request.variables, copy.deepcopy(request.data), exact_errors)

        got = fast(case, index, request.variables, copy.deepcopy(request.data))
        if currently_in_test_context():
            event("fast path" if got is not FELL_BACK else "fell back")
        if got is not FELL_BACK:
            assert typed(got) == typed(expected), case.text
            assert exact_errors == request.errors, case.text
        elif request.well_formed:
            raise AssertionError(f"well-formed data left the fast path: {case.text}")

        public_errors = copy.deepcopy(request.errors)
        public = shaper.shape(request.data, request.variables, public_errors, QUERY)
        assert typed(public) == typed(expected), case.text
        assert public_errors == exact_errors, case.text
        assert typed(request.data) == typed(original), "shaping changed its input"
