"""`govgraph compose`: files, running subgraphs, config files, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import main
from gateway.composition import SubgraphSource, compose
from gateway.supergraph import load_supergraph
from tests.support.servers import serving

from .cases import BROKEN
from .corpus import CONFORMANCE, ROOT, benchmark_case, normal_form


def test_compose_files_to_stdout_matches_the_committed_benchmark_supergraph() -> None:
    case = benchmark_case()
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "compose", *case.reference_args()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert normal_form(done.stdout) == normal_form(case.reference.read_text(encoding="utf-8"))


def test_compose_running_subgraphs_reads_their_service_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conformance.shareable.subgraphs import APPS

    with serving(APPS) as urls:
        assert main(["compose", *(f"{name}={url}" for name, url in urls.items())]) == 0
    out = capsys.readouterr().out
    for name, url in urls.items():
        assert f'@join__graph(name: "{name}", url: "{url}")' in out
    files = [
        SubgraphSource(name, urls[name], (CONFORMANCE / "shareable" / f"{name}.graphql").read_text())
        for name in urls
    ]
    expected = compose(files).supergraph_sdl
    assert expected is not None and out == expected
    load_supergraph(out)


def test_compose_from_a_json_config_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = CONFORMANCE / "override"
    config = {
        "subgraphs": {
            name: {
                "routing_url": f"http://127.0.0.1:4000/{name}",
                "schema": {"file": str(folder / f"{name}.graphql")},
            }
            for name in ("ledger", "payments")
        }
    }
    path = tmp_path / "supergraph.json"
    path.write_text(json.dumps(config))
    out = tmp_path / "supergraph.graphql"
    assert main(["compose", "--config", str(path), "-o", str(out)]) == 0
    assert out.read_text() == (folder / "supergraph.graphql").read_text()
    assert main(["compose", "--config", str(path), "-o", str(out), "--check"]) == 0
    out.write_text(out.read_text() + "\n# edited\n")
    assert main(["compose", "--config", str(path), "-o", str(out), "--check"]) == 1
    assert "is not what the subgraphs compose to" in capsys.readouterr().err


def test_compose_from_a_yaml_config_with_relative_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ledger", "payments"):
        (tmp_path / f"{name}.graphql").write_text((CONFORMANCE / "override" / f"{name}.graphql").read_text())
    (tmp_path / "supergraph.yaml").write_text(
        "subgraphs:\n"
        "  ledger:\n    routing_url: http://127.0.0.1:4000/ledger\n    schema:\n      file: ledger.graphql\n"
        "  payments:\n    routing_url: http://127.0.0.1:4000/payments\n"
        "    schema:\n      file: payments.graphql\n"
    )
    assert main(["compose", "--config", str(tmp_path / "supergraph.yaml")]) == 0
    assert capsys.readouterr().out == (CONFORMANCE / "override" / "supergraph.graphql").read_text()


def test_composition_errors_exit_1_with_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, sdls = BROKEN["field_sharing"]
    args = []
    for name, sdl in sdls.items():
        (tmp_path / f"{name}.graphql").write_text(sdl)
        args.append(f"{name}={tmp_path / name}.graphql")
    out = tmp_path / "supergraph.graphql"
    assert main(["compose", *args, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "INVALID_FIELD_SHARING at T.name (subgraphs: a, b)" in err
    assert not out.exists()


def test_unreadable_inputs_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compose", f"a={tmp_path / 'missing.graphql'}"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["compose", "not-a-pair"]) == 2
    assert main(["compose", "--project", str(tmp_path)]) == 2  # no subgraphs given, none in the project
    assert main(["compose", "a=http://127.0.0.1:9/graphql"]) == 2
    assert "_service" in capsys.readouterr().err
