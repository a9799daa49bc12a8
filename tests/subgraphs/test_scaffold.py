"""`govgraph new-subgraph`: what it refuses (before writing anything) and where it writes, in a copy of
the agencies file. The generated subgraph running in the platform is tests/subgraphs/test_onboarding.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import main
from subgraphs.agencies import AGENCIES_FILE, load_agencies
from subgraphs.scaffold.command import ScaffoldError, plan_subgraph


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "subgraphs").mkdir()
    for name in ("agencies.yaml", "__init__.py", "playground.py"):  # what the generated code imports
        shutil.copy(AGENCIES_FILE.with_name(name), tmp_path / "subgraphs" / name)
    shutil.copy(AGENCIES_FILE.parents[1] / "pyproject.toml", tmp_path)  # the project's ruff settings
    return tmp_path


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("Fish-Board", {}, "not a valid agency name"),
        ("tax", {}, "already has a process named 'tax'"),
        ("fisheries", {"port": 4302}, "port 4302 is given to more than one process: tax-legacy, fisheries"),
        ("fisheries", {"folder": "../elsewhere"}, "is not inside the project"),
    ],
)
def test_refusals_write_nothing(root: Path, name: str, options: dict, message: str) -> None:
    before = (root / "subgraphs" / "agencies.yaml").read_text()
    with pytest.raises(ScaffoldError, match=message):
        plan_subgraph(root, name, **options)
    assert (root / "subgraphs" / "agencies.yaml").read_text() == before
    assert sorted(p.name for p in (root / "subgraphs").iterdir()) == [
        "__init__.py",
        "agencies.yaml",
        "playground.py",
    ]


def test_the_command_writes_the_package_the_test_and_the_agency(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "subgraphs" / "deep").mkdir()
    monkeypatch.chdir(root / "subgraphs" / "deep")  # the project is found upwards
    assert main(["new-subgraph", "maritime_safety_board", "--port", "4999"]) == 0
    package = root / "subgraphs" / "maritime_safety_board"
    assert sorted(p.name for p in package.iterdir()) == [
        "__init__.py",
        "__main__.py",
        "app.py",
        "client.py",
        "schema.py",
    ]
    assert "class MaritimeSafetyBoardLicence" in (package / "schema.py").read_text()
    assert "def maritime_safety_board_licence(" in (package / "schema.py").read_text()
    assert (root / "tests" / "subgraphs" / "maritime_safety_board" / "test_maritime_safety_board.py").exists()
    added = load_agencies(root / "subgraphs" / "agencies.yaml").agencies[-1]
    assert (added.name, added.port, added.package) == (
        "maritime_safety_board",
        4999,
        "subgraphs.maritime_safety_board",
    )
    assert "wrote subgraphs/agencies.yaml" in capsys.readouterr().out
    generated = [str(package), str(root / "tests")]  # a long name, and still as the project's ruff wants
    for check in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *check, *generated], cwd=root, capture_output=True
        )
        assert done.returncode == 0, done.stdout
    assert main(["new-subgraph", "maritime_safety_board"]) == 2
    assert "already has a process named 'maritime_safety_board'" in capsys.readouterr().err


def test_another_folder_makes_another_module_and_the_next_free_port(root: Path) -> None:
    plan = plan_subgraph(root, "fisheries", "subgraphs/extra")
    assert plan.module == "subgraphs.extra.fisheries"
    assert plan.port == 4106  # after the last agency's
    assert "    module: subgraphs.extra.fisheries\n" in plan.agencies_text
    assert root / "tests" / "subgraphs" / "extra" / "fisheries" / "test_fisheries.py" in plan.files
