"""Helpers shared by the conformance tests (tests/conformance/*/test_*.py).

sc = scenario_fixture(Path(__file__).parent / "supergraph.graphql", APPS)
CASES = [Case("name", "{ field }", {"data": {"field": 1}}, requests={"a": 1})]

@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_x(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.support.scenario import Scenario


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    expected: dict[str, Any]
    variables: dict[str, Any] | None = None
    # subgraph -> requests an economical planner sends (None: not checked)
    requests: dict[str, int] | None = None

    def response(self, sc: Scenario) -> dict[str, Any]:
        """The gateway's answer to this case's query, normalized."""
        return normalize(sc.query(self.query, self.variables))

    def requests_sent(self, sc: Scenario) -> dict[str, int] | None:
        """Requests each subgraph named in `requests` received (None when `requests` is None)."""
        if self.requests is None:
            return None
        return {name: sc.subgraph_requests(name) for name in self.requests}


def normalize(response: dict[str, Any]) -> dict[str, Any]:
    """The response with errors cut to message, path and extensions.code/serviceName."""
    out = dict(response)
    out.pop("extensions", None)
    if "errors" in out:
        errors = []
        for error in out["errors"]:
            slim = {k: error[k] for k in ("message", "path") if k in error}
            ext = {k: v for k, v in (error.get("extensions") or {}).items() if k in ("code", "serviceName")}
            if ext:
                slim["extensions"] = ext
            errors.append(slim)
        out["errors"] = errors
    return out


@dataclass(frozen=True)
class Mentions:
    """Equal to any message that names `word` (message wording is the validator's own)."""

    word: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.word in other

    __hash__ = None  # type: ignore[assignment]


def sent_representations(sc: Scenario, subgraph: str) -> list[Any]:
    """Every representation the subgraph received, whatever the gateway named its variable."""
    sent: list[Any] = []
    for request in sc.subgraphs[subgraph].requests:
        for value in (request.get("variables") or {}).values():
            if isinstance(value, list):
                sent.extend(v for v in value if isinstance(v, dict) and "__typename" in v)
    return sent


def scenario_fixture(supergraph: Path | Callable[[], str], apps: Mapping[str, Any], **config: Any) -> Any:
    """A module-scoped `sc` fixture running `apps` behind the gateway; assign it to `sc` in a test module.

    `supergraph` is the supergraph file, or a function that builds its SDL when the fixture starts.
    `config` goes to the gateway (GatewayConfig), e.g. subgraph_timeout.
    """

    @pytest.fixture(scope="module", name="sc")
    def sc() -> Iterator[Scenario]:
        from tests.support.scenario import Scenario  # late: collection must not depend on the gateway

        sdl = supergraph if isinstance(supergraph, Path) else supergraph()
        with Scenario.start(sdl, apps, **config) as scenario:
            yield scenario

    return sc
