"""The tax and benefits SDLs (as `_service { sdl }` returns them) compose with The Guild's composition.

Registry comes along: it owns `Citizen` and the root query fields, without which no supergraph composes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from subgraphs.benefits.schema import schema as benefits_schema
from subgraphs.tax.schema import schema as tax_schema

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "tests" / "tools" / "compose.mjs"


def service_sdl(schema: object) -> str:
    result = schema.execute_sync("{ _service { sdl } }")  # type: ignore[attr-defined]
    assert result.errors is None
    return result.data["_service"]["sdl"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_tax_and_benefits_compose_with_registry(tmp_path: Path) -> None:
    registry = pytest.importorskip("subgraphs.registry.schema")
    args = []
    for name, schema in (("registry", registry.schema), ("tax", tax_schema), ("benefits", benefits_schema)):
        path = tmp_path / f"{name}.graphql"
        path.write_text(service_sdl(schema))
        args.append(f"{name}={path}")
    done = subprocess.run(
        ["node", str(COMPOSE), *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    supergraph = done.stdout
    assert "taxAccount: TaxAccount @join__field(graph: TAX)" in supergraph
    assert "benefitClaims: [BenefitClaim!] @join__field(graph: BENEFITS)" in supergraph
    assert "applyForBenefit(input: BenefitApplicationInput!): BenefitApplicationResult!" in supergraph
