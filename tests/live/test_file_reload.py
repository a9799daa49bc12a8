"""`govgraph serve --supergraph FILE`: a changed file is loaded without a restart; a bad one is not."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.composition import SubgraphSource
from gateway.composition.safe import compose
from gateway.live.manager import CompositionSource, FileSource
from tests.live import subgraphs
from tests.live.harness import Live, live_gateway, running
from tests.live.subgraphs import Swappable

EMAIL = '{ person(id: "1") { email reviews } }'


def supergraph_of(urls: dict[str, str]) -> str:
    """The supergraph of the subgraphs running at `urls` right now."""
    sdls = asyncio.run(CompositionSource(urls).fetch_sdls())
    composed = compose([SubgraphSource(name, urls[name], sdl) for name, sdl in sdls.items()])
    assert composed.supergraph_sdl is not None, composed.errors
    return composed.supergraph_sdl


@pytest.fixture()
def setup(tmp_path: Path) -> Iterator[tuple[Live, Path, Swappable, dict[str, str]]]:
    people = Swappable(subgraphs.people_v1())
    with running({"people": people, "reviews": subgraphs.reviews()}) as urls:
        path = tmp_path / "supergraph.graphql"
        path.write_text(supergraph_of(urls))
        with live_gateway(FileSource(path)) as live:
            yield live, path, people, urls


def test_changed_file_is_served_without_restart(setup: tuple[Live, Path, Swappable, dict[str, str]]) -> None:
    live, path, people, urls = setup
    assert live.query(EMAIL)["errors"][0]["message"] == "Cannot query field 'email' on type 'Person'."

    people.swap(subgraphs.people_v2())
    path.write_text(supergraph_of(urls))
    live.wait_for(lambda: "errors" not in live.query(EMAIL))

    assert live.query(EMAIL) == {
        "data": {"person": {"email": "ada@example.org", "reviews": ["clear", "kind"]}}
    }
    assert live.manager.generation == 2


def test_a_broken_file_is_not_applied(setup: tuple[Live, Path, Swappable, dict[str, str]]) -> None:
    live, path, _, _ = setup
    path.write_text("this is not a supergraph {")
    live.wait_for(lambda: live.manager.last_error is not None)
    assert "Syntax Error" in (live.manager.last_error or "")
    assert live.manager.generation == 1
    assert live.query('{ person(id: "2") { name } }') == {"data": {"person": {"name": "Grace"}}}


def test_a_removed_file_is_not_applied(setup: tuple[Live, Path, Swappable, dict[str, str]]) -> None:
    live, path, _, _ = setup
    path.unlink()
    live.wait_for(lambda: live.manager.last_error is not None)
    assert live.manager.last_error == f"cannot read {path}: No such file or directory"
    assert live.query('{ person(id: "2") { name } }') == {"data": {"person": {"name": "Grace"}}}
