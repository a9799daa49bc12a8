"""govgraph's composition agrees with The Guild's (the ecosystem's reference).

- every corpus case (conformance fixtures, benchmark subgraphs, the agencies) composes to a
  supergraph semantically equal to the committed one (composed by the reference);
- small extra cases compose to what the reference composes them to (run live via node);
- broken inputs are rejected by both, govgraph with the expected error code;
- govgraph's loader accepts every supergraph govgraph produces.
"""

from __future__ import annotations

import difflib

import pytest

from gateway.composition import CompositionResult, SubgraphSource, compose
from gateway.supergraph import load_supergraph

from .cases import AUTHORIZATION, BROKEN, DEMAND, VALID
from .corpus import Case, all_cases, normal_form
from .reference import reference_for, run_reference

CASES = all_cases()


def _diff(expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "reference", "govgraph", lineterm=""
    )
    return "\n".join(list(lines)[:80])


def _compose(sdls: dict[str, str]) -> CompositionResult:
    return compose([SubgraphSource(name, f"http://x/{name}", sdl) for name, sdl in sdls.items()])


def test_the_corpus_covers_every_fixture_folder() -> None:
    names = {case.name for case in CASES}
    assert "agencies" in names and "benchmarks" in names
    assert sum(name.startswith("conformance/") for name in names) >= 18


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_supergraph_equals_the_committed_reference(case: Case) -> None:
    result = compose(case.sources())
    assert result.errors == []
    assert result.supergraph_sdl is not None
    expected = normal_form(case.reference.read_text(encoding="utf-8"))
    actual = normal_form(result.supergraph_sdl)
    assert actual == expected, _diff(expected, actual)
    load_supergraph(result.supergraph_sdl)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_supergraph_is_byte_equal_to_the_reference_tool(case: Case) -> None:
    """Same bytes as compose.mjs prints: regenerated fixtures do not churn."""
    reference = run_reference(case.reference_args())
    assert reference.ok, reference.stderr
    result = compose(case.sources())
    assert result.supergraph_sdl == reference.supergraph, _diff(
        reference.supergraph, result.supergraph_sdl or ""
    )


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_case_matches_the_reference(name: str) -> None:
    reference = reference_for(VALID[name])
    assert reference.ok, reference.stderr
    result = _compose(VALID[name])
    assert result.errors == []
    assert result.supergraph_sdl is not None
    expected, actual = normal_form(reference.supergraph), normal_form(result.supergraph_sdl)
    assert actual == expected, _diff(expected, actual)
    load_supergraph(result.supergraph_sdl)


BYTE_EQUAL = AUTHORIZATION | DEMAND


@pytest.mark.parametrize("name", sorted(BYTE_EQUAL))
def test_authorization_and_demand_cases_are_byte_equal_to_the_reference(name: str) -> None:
    reference = reference_for(BYTE_EQUAL[name])
    assert reference.ok, reference.stderr
    result = _compose(BYTE_EQUAL[name])
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.supergraph_sdl == reference.supergraph, _diff(
        reference.supergraph, result.supergraph_sdl or ""
    )
    load_supergraph(result.supergraph_sdl)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_case_is_rejected_by_both(name: str) -> None:
    code, sdls = BROKEN[name]
    result = _compose(sdls)
    assert result.supergraph_sdl is None
    assert code in {e.code for e in result.errors}, [str(e) for e in result.errors]
    reference = reference_for(sdls)
    assert not reference.ok, f"the reference composed {name}:\n{reference.supergraph}"
    assert code in reference.stderr or code == "INVALID_GRAPHQL", reference.stderr
