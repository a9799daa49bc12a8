"""Generated subgraph sets (tests/composition/generate.py): govgraph and the reference
composition accept and reject the same ones, and compose accepted ones to equal supergraphs.
More seeds: `.venv/bin/python -m tests.composition.generate entities 1 500`."""

from __future__ import annotations

import pytest

from gateway.composition import SubgraphSource, compose
from gateway.supergraph import load_supergraph

from .corpus import normal_form
from .generate import GENERATORS
from .reference import reference_for

SEEDS = [(kind, seed) for kind in sorted(GENERATORS) for seed in range(1, 13)]


@pytest.mark.parametrize(("kind", "seed"), SEEDS, ids=[f"{k}-{s}" for k, s in SEEDS])
def test_generated_set_agrees_with_the_reference(kind: str, seed: int) -> None:
    sdls = GENERATORS[kind](seed)
    ours = compose([SubgraphSource(name, f"http://x/{name}", sdl) for name, sdl in sdls.items()])
    theirs = reference_for(sdls)
    assert (ours.supergraph_sdl is not None) == theirs.ok, (
        f"govgraph errors: {[str(e) for e in ours.errors]}\nreference: {theirs.stderr[:2000]}"
    )
    if ours.supergraph_sdl is not None:
        assert normal_form(ours.supergraph_sdl) == normal_form(theirs.supergraph)
        load_supergraph(ours.supergraph_sdl)
