"""`govgraph check` on the committed platform schema: an agency edits its SDL, check reports it.

Each test copies `schema/subgraphs/<agency>.graphql`, edits the copy the way an agency's pull
request would, and runs the real command (composition included) against the committed
supergraph and subgraph SDL.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import main
from gateway.composition import SubgraphSource
from gateway.composition.safe import compose

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema"

DASHBOARD_TAX = """
query TaxPanel { me { givenName taxAccount { balance dueDate } } }
"""
TAX_CURRENCY = """
query TaxCurrency { me { taxAccount { balance currency } } }
"""


def edited(tmp_path: Path, agency: str, old: str, new: str) -> Path:
    """A copy of the agency's committed SDL with `old` replaced by `new` (which must be there)."""
    text = (SCHEMA / "subgraphs" / f"{agency}.graphql").read_text()
    assert old in text, f"{old!r} is not in {agency}.graphql any more: update the test"
    path = tmp_path / f"{agency}.proposed.graphql"
    path.write_text(text.replace(old, new, 1))
    return path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    """Run `govgraph check ... --format json` in-process; (exit code, parsed report)."""
    code = main(
        [
            "check",
            "--supergraph",
            str(SCHEMA / "supergraph.graphql"),
            "--subgraphs-dir",
            str(SCHEMA / "subgraphs"),
            "--format",
            "json",
            *args,
        ]
    )
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert report["exitCode"] == code
    return code, report


def changes(report: dict[str, Any], category: str) -> dict[str, str]:
    """coordinate -> kind of the reported changes in one category."""
    return {c["coordinate"]: c["kind"] for c in report["changes"] if c["category"] == category}


def test_removed_field_is_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = edited(tmp_path, "tax", "  currency: String!\n", "")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 1
    assert changes(report, "breaking") == {"TaxAccount.currency": "FIELD_REMOVED"}
    assert report["summary"] == {"breaking": 1, "dangerous": 0, "safe": 0}
    assert report["composition"] == {"ok": True, "errors": []}


def test_argument_made_non_null_is_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = edited(tmp_path, "tax", "assessments(year: Int = null)", "assessments(year: Int!)")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 1
    assert changes(report, "breaking") == {"Citizen.assessments(year:)": "ARG_TYPE_CHANGED"}


def test_removed_enum_value_is_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = edited(tmp_path, "tax", "  OVERDUE\n", "")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 1
    assert changes(report, "breaking") == {"AssessmentStatus.OVERDUE": "ENUM_VALUE_REMOVED"}


def test_changed_argument_type_is_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = edited(tmp_path, "tax", "declaredIncome(year: Int!)", "declaredIncome(year: String!)")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 1
    [change] = report["changes"]
    assert change["kind"] == "ARG_TYPE_CHANGED"
    assert change["message"] == "argument Citizen.declaredIncome(year:) changed type from Int! to String!"


def test_output_made_nullable_is_breaking_and_non_null_is_safe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edited(tmp_path, "tax", "  balance: Float!\n", "  balance: Float\n").read_text()
    proposed = tmp_path / "both.graphql"
    proposed.write_text(text.replace("  dueDate: Date\n", "  dueDate: Date!\n"))
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 1
    assert changes(report, "breaking") == {"TaxAccount.balance": "FIELD_TYPE_CHANGED"}
    assert changes(report, "safe") == {"TaxAccount.dueDate": "FIELD_TYPE_CHANGED"}


def test_added_field_is_safe_and_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = edited(tmp_path, "tax", "  currency: String!\n", "  currency: String!\n  iban: String\n")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 0
    assert report["ok"] is True
    assert changes(report, "safe") == {"TaxAccount.iban": "FIELD_ADDED"}
    assert changes(report, "breaking") == {}


def test_unchanged_sdl_reports_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = check(capsys, "--subgraph", f"tax={SCHEMA / 'subgraphs' / 'tax.graphql'}")
    assert (code, report["changes"]) == (0, [])


def test_rename_is_reported_as_a_removal_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed = edited(tmp_path, "tax", "  currency: String!\n", "  currencyCode: String!\n")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 1
    [removed] = [c for c in report["changes"] if c["category"] == "breaking"]
    assert removed["message"] == "field TaxAccount.currency was removed (renamed to TaxAccount.currencyCode?)"


def test_input_field_made_non_null_is_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The committed input has no nullable field: start from a current schema that has one."""
    subgraphs = tmp_path / "current"
    subgraphs.mkdir()
    for path in (SCHEMA / "subgraphs").glob("*.graphql"):
        (subgraphs / path.name).write_text(path.read_text())
    text = (subgraphs / "benefits.graphql").read_text()
    old = "  kind: BenefitKind!\n}"
    (subgraphs / "benefits.graphql").write_text(text.replace(old, old[:-1] + "  note: String\n}", 1))
    composed = compose(
        [
            SubgraphSource(p.stem, f"http://127.0.0.1:1/{p.stem}", p.read_text())
            for p in sorted(subgraphs.glob("*.graphql"))
        ]
    )
    assert composed.supergraph_sdl is not None, composed.errors
    supergraph = tmp_path / "supergraph.graphql"
    supergraph.write_text(composed.supergraph_sdl)
    proposed = tmp_path / "benefits.graphql"
    proposed.write_text((subgraphs / "benefits.graphql").read_text().replace("note: String", "note: String!"))
    code = main(
        [
            "check",
            "--supergraph",
            str(supergraph),
            "--subgraphs-dir",
            str(subgraphs),
            "--subgraph",
            f"benefits={proposed}",
            "--format",
            "json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert changes(report, "breaking") == {"BenefitApplicationInput.note": "INPUT_FIELD_TYPE_CHANGED"}


def test_composition_error_fails_with_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """tax keys Citizen by a field it does not have: the set no longer composes."""
    proposed = edited(tmp_path, "tax", 'type Citizen @key(fields: "id")', 'type Citizen @key(fields: "uid")')
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 2
    assert report["composition"]["ok"] is False
    assert any("uid" in e["message"] for e in report["composition"]["errors"])
    assert report["changes"] == []


def test_conflicting_field_fails_composition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """tax redefines registry's (non-shareable) Citizen.givenName with another type."""
    income = '  annualIncome: Float @tag(name: "personal-data")\n'
    proposed = edited(tmp_path, "tax", income, income + "  givenName: Int\n")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 2
    assert any("givenName" in e["message"] for e in report["composition"]["errors"])


def test_unparsable_sdl_fails_with_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = edited(tmp_path, "tax", "type TaxAccount {", "type TaxAccount {{")
    code, report = check(capsys, "--subgraph", f"tax={proposed}")
    assert code == 2
    [error] = report["composition"]["errors"]
    assert error["code"] == "INVALID_GRAPHQL"
    assert error["message"].startswith("subgraph tax: Syntax Error")


def test_missing_inputs_fail_with_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = check(capsys, "--subgraph", f"tax={tmp_path / 'nope.graphql'}")
    assert code == 2
    assert report["problems"] == [f"cannot read {tmp_path / 'nope.graphql'}: No such file or directory"]


def test_operations_narrow_breaking_to_what_they_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed = edited(tmp_path, "tax", "  currency: String!\n", "")
    panel = tmp_path / "panel.graphql"
    panel.write_text(DASHBOARD_TAX)
    code, report = check(capsys, "--subgraph", f"tax={proposed}", "--operations", str(panel))
    assert code == 0  # no given operation reads TaxAccount.currency
    assert changes(report, "dangerous") == {"TaxAccount.currency": "FIELD_REMOVED"}
    assert report["operations"] == [
        {"name": "TaxPanel", "source": str(panel), "breakingChanges": [], "errors": [], "invalidBefore": []}
    ]

    currency = tmp_path / "currency.json"
    currency.write_text(json.dumps({"query": TAX_CURRENCY}))
    code, report = check(capsys, "--subgraph", f"tax={proposed}", "--operations", str(panel), str(currency))
    assert code == 1
    [change] = report["changes"]
    assert (change["category"], change["operations"]) == ("breaking", ["TaxCurrency"])
    broken = {o["name"]: o for o in report["operations"]}["TaxCurrency"]
    assert broken["breakingChanges"] == ["TaxAccount.currency"]
    assert broken["errors"] == ["Cannot query field 'currency' on type 'TaxAccount'."]


def test_operations_reach_enums_through_fields_and_fragments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed = edited(tmp_path, "tax", "  OVERDUE\n", "")
    ops = tmp_path / "ops.graphql"
    ops.write_text(
        "query Assessments { me { ...A } }\nfragment A on Citizen { assessments(year: 2024) { status } }\n"
        "query Names { me { givenName } }\n"
    )
    code, report = check(capsys, "--subgraph", f"tax={proposed}", "--operations", str(ops))
    assert code == 1
    [change] = report["changes"]
    assert change["operations"] == ["Assessments"]
    assert [o["breakingChanges"] for o in report["operations"]] == [["AssessmentStatus.OVERDUE"], []]


def test_text_output_and_exit_code_from_the_installed_command(tmp_path: Path) -> None:
    proposed = edited(tmp_path, "tax", "  currency: String!\n", "  iban: String\n")
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "check", "--subgraph", f"tax={proposed}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"govgraph check: tax={proposed} against schema/supergraph.graphql"
    assert "Composition: ok" in lines
    assert "Breaking changes (1):" in lines
    assert any(
        line.split()[:5] == ["FIELD_REMOVED", "field", "TaxAccount.currency", "was", "removed"]
        for line in lines
    )
    assert any("FIELD_ADDED" in line and "TaxAccount.iban" in line for line in lines)
    assert lines[-1] == "Result: BREAKING (1 breaking change)"
