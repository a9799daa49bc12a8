"""The house's import rules hold (see tests/support/imports.py), and the checker catches each
kind of breakage."""

from __future__ import annotations

from tests.support import imports


def test_the_gateway_keeps_its_import_rules() -> None:
    assert imports.problems() == []


def test_the_checker_sees_imports_inside_functions_and_relative_ones() -> None:
    edges = imports.graph()
    assert "gateway.composition.safe" in edges["gateway.live.manager"]  # imported inside a method
    assert "gateway.hooks" in edges["gateway.plugins.dedup"]  # `from ...hooks import`


def test_a_circle_between_packages_is_reported() -> None:
    edges = {"gateway.a.x": {"gateway.b.y"}, "gateway.b.y": {"gateway.a.z"}, "gateway.a.z": set()}
    assert imports.circles(edges) == ["import circle: gateway.a <-> gateway.b"]


def test_a_circle_between_modules_of_one_package_is_reported() -> None:
    edges = {"gateway.s.a": {"gateway.s.b"}, "gateway.s.b": {"gateway.s.a"}}
    assert imports.circles(edges) == ["import circle: gateway.s.a <-> gateway.s.b"]


def test_the_runtime_importing_check_or_the_demo_is_reported() -> None:
    edges = {"gateway.live.manager": {"gateway.check.run"}, "gateway.engine": {"subgraphs.platform"}}
    assert len(imports.layer_violations(edges)) == 2
    assert imports.layer_violations({"gateway.cli": {"gateway.check"}}) == []


def test_composition_importing_the_runtime_is_reported() -> None:
    edges = {"gateway.composition.x": {"gateway.supergraph.load", "gateway.errors"}}
    assert imports.layer_violations(edges) == [
        "composition imports the runtime: gateway.composition.x -> gateway.supergraph.load"
    ]
