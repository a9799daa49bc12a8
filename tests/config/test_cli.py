"""`govgraph config check | schema | reference`, through `gateway.cli.main` and once as a process."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gateway.cli import main
from gateway.serve.model import FileConfig


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "govgraph.yaml"
    path.write_text(text)
    return path


def test_check_a_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "server:\n  port: 4001\n")
    assert main(["config", "check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


def test_check_prints_the_effective_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVGRAPH_TEST_PORT", "8080")
    path = write(tmp_path, "server:\n  port: ${GOVGRAPH_TEST_PORT}\n")
    assert main(["config", "check", "--print", str(path)]) == 0
    out = capsys.readouterr().out
    effective = yaml.safe_load(out)
    bounds = {"backlog": 2048, "limit_concurrency": None, "timeout_keep_alive": 5.0, "head_timeout": 10.0}
    bounds |= {"timeout_graceful_shutdown": 30.0, "h11_max_incomplete_event_size": None}
    assert effective["server"] == {
        "host": "127.0.0.1",
        "port": 8080,
        "workers": 1,
        "log_level": "info",
        **bounds,
    }
    assert effective["dedup"] == {"requests": True, "fetches": True}  # every section, with its defaults
    assert out.startswith("server:\n  host: 127.0.0.1\n")


KNOWN = ", ".join(sorted(f.name for f in dataclasses.fields(FileConfig)))


def test_check_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "server:\n  prot: 1\n  host: ~\nplugin: []\n")
    assert main(["config", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}:2:3: unknown key 'prot' in server (known: backlog, h11_max_incomplete_event_size, "
        "head_timeout, host, limit_concurrency, log_level, port, timeout_graceful_shutdown, "
        "timeout_keep_alive, workers); "
        "did you mean 'port'?",
        f"{path}:3:9: server.host: expected string, got null",
        f"{path}:4:1: unknown key 'plugin' in the top level (known: " + KNOWN + "); did you mean 'plugins'?",
    ]


def test_check_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml: cannot read the file" in capsys.readouterr().err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "FileConfig"
    assert schema["properties"]["server"]["properties"]["port"]["default"] == 4000


def test_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "reference"]) == 0
    assert capsys.readouterr().out.startswith("### FileConfig\n")


def test_the_gateway_model_defaults() -> None:
    assert FileConfig().server.port == 4000
    assert FileConfig().limits.max_depth == 100


def test_check_as_a_process(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: ${GOVGRAPH_TEST_PORT:-99999}\n")
    govgraph = Path(sys.executable).parent / "govgraph"
    command = [str(govgraph), "config", "check", str(path)]
    failed = subprocess.run(command, capture_output=True, text=True, timeout=60, env={"PATH": ""})
    assert (failed.returncode, failed.stdout) == (2, "")
    assert failed.stderr == f"{path}:2:9: server.port: 99999 is above the maximum 65535\n"
