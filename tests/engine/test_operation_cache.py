"""The operation cache: bounded, shared by documents that print the same."""

from __future__ import annotations

import pytest

from gateway.config import GatewayConfig
from gateway.engine import Gateway
from gateway.errors import OperationNotFound, ParseFailed, ValidationFailed
from gateway.plugins import build_plugins
from gateway.plugins.limits import LimitsConfig
from tests.benchmarks.workload import SUPERGRAPH


def _gateway(size: int = 1000, limits: LimitsConfig | None = None, **config: object) -> Gateway:
    settings = GatewayConfig(supergraph_sdl=SUPERGRAPH.read_text(), plan_cache_size=size, **config)  # type: ignore[arg-type]
    return Gateway(settings, hooks=build_plugins({"limits": limits or LimitsConfig()}))


def test_same_text_and_reformatted_text_share_one_compiled_operation() -> None:
    gateway = _gateway()
    first = gateway.compile("{ me { name } }", None)
    assert gateway.compile("{ me { name } }", None) is first
    assert gateway.compile("query {\n  me {\n    name\n  }\n}", None) is first
    assert gateway.compile("{ me { id } }", None) is not first


def test_cache_is_bounded() -> None:
    gateway = _gateway(size=2)
    for field in ("id", "name", "username", "birthday"):
        gateway.compile(f"{{ me {{ {field} }} }}", None)
    assert len(gateway._cache) == 2
    assert len(gateway._normalized) == 2


def test_operation_name_selects_and_keys_the_plan() -> None:
    gateway = _gateway()
    doc = "query A { me { id } } query B { users { id } }"
    a, b = gateway.compile(doc, "A"), gateway.compile(doc, "B")
    assert a is not b
    assert a.plan.fetches()[0].service == b.plan.fetches()[0].service == "accounts"
    assert "me" in a.plan.fetches()[0].operation and "users" in b.plan.fetches()[0].operation
    with pytest.raises(OperationNotFound):
        gateway.compile(doc, None)
    with pytest.raises(OperationNotFound):
        gateway.compile(doc, "C")


def test_request_errors_are_not_cached_as_plans() -> None:
    gateway = _gateway()
    with pytest.raises(ParseFailed):
        gateway.compile("{ me { ", None)
    with pytest.raises(ValidationFailed):
        gateway.compile("{ me { nope } }", None)
    assert len(gateway._cache) == 0


def test_depth_and_alias_limits() -> None:
    gateway = _gateway(limits=LimitsConfig(max_depth=3, max_aliases=2))
    gateway.compile("{ me { reviews { id } } }", None)
    with pytest.raises(ValidationFailed, match="levels deep"):
        gateway.compile("{ me { reviews { product { upc } } } }", None)
    with pytest.raises(ValidationFailed, match="aliases"):
        gateway.compile("{ a: me { id } b: me { id } c: me { id } }", None)


def test_introspection_can_be_disabled() -> None:
    gateway = _gateway(introspection=False)
    with pytest.raises(ValidationFailed, match="Introspection is disabled"):
        gateway.compile("{ __schema { queryType { name } } }", None)
    gateway.compile("{ __typename }", None)


def test_hostile_documents_are_refused_before_validation() -> None:
    gateway = _gateway()
    many = " ".join(f"a{i}: me {{ id }}" for i in range(2000))
    with pytest.raises(ValidationFailed, match="2000 aliases"):
        gateway.compile(f"{{ {many} }}", None)
    # a fragment bomb: each level spreads the one below twice (2^30 fields once spread)
    levels = [f"fragment F{i} on User {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30)]
    bomb = "{ me { ...F0 } } " + " ".join(levels) + " fragment F30 on User { id }"
    with pytest.raises(ValidationFailed, match="fields once its fragments are spread"):
        gateway.compile(bomb, None)
