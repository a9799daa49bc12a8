"""deploy/Dockerfile and its .dockerignore, read statically (no Docker daemon here)."""

from __future__ import annotations

import re
import shlex
from fnmatch import fnmatch
from pathlib import PurePosixPath

from tests.deploy.support import (
    PYPROJECT,
    REPO,
    console_scripts,
    copy_sources,
    dockerfile_stages,
    dockerignore_excludes,
    dockerignore_rules,
    parse_with_real_cli,
)

STAGES = dockerfile_stages()
BUILD, RUNTIME = STAGES[0], STAGES[-1]


def _package_roots() -> list[str]:
    """Top-level package folders that `tool.setuptools.packages.find` includes."""
    patterns = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted({p.rstrip("*").rstrip(".") for p in patterns})


def test_multi_stage_on_python_slim() -> None:
    assert len(STAGES) >= 2
    assert all(stage.base == "python:3.11-slim" for stage in STAGES)
    assert any('pip install ".[platform]"' in run for run in BUILD.all("RUN"))
    assert any(c.startswith(f"--from={BUILD.name}") for c in RUNTIME.all("COPY")), "runtime copies the build"
    assert not RUNTIME.all("RUN") or not any("pip install" in run for run in RUNTIME.all("RUN"))


def test_the_build_stage_copies_what_pip_install_needs() -> None:
    copied = set(copy_sources(BUILD))
    needed = {"pyproject.toml", PYPROJECT["project"]["readme"], *_package_roots()}
    assert needed <= copied, f"missing: {needed - copied}"
    for source in copied:
        assert (REPO / source).exists(), source


def _copies_in_runs() -> set[tuple[str, str]]:
    """(source, destination) of every `cp -r SRC DEST` in the build stage's RUN lines."""
    found = set()
    for run in BUILD.all("RUN"):
        words = shlex.split(run)
        for i, word in enumerate(words[:-3]):
            if word == "cp" and words[i + 1] == "-r":
                found.add((words[i + 2].rstrip("/"), words[i + 3].rstrip("/")))
    return found


def _in_package_data(relative: PurePosixPath) -> bool:
    """Declared in pyproject.toml's tool.setuptools.package-data: then the wheel carries it."""
    for package, globs in PYPROJECT["tool"]["setuptools"].get("package-data", {}).items():
        for pattern in globs:
            if package == "*" and fnmatch(relative.name, pattern):
                return True
            if fnmatch(str(relative), package.replace(".", "/") + "/" + pattern):
                return True
    return False


def test_data_files_outside_the_wheel_are_copied() -> None:
    """setuptools puts only .py files in the wheel unless package-data says more: other files that the
    code reads (the transport copybooks) must be copied into site-packages by the Dockerfile."""
    copies = _copies_in_runs()
    for root in _package_roots():
        for path in (REPO / root).rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".md") or "__pycache__" in path.parts:
                continue
            relative = PurePosixPath(path.relative_to(REPO))
            if _in_package_data(relative):
                continue
            folder = str(relative.parent)
            assert any(src == folder and dest.endswith("/" + folder) for src, dest in copies), (
                f"{folder}/{path.name} is not in the wheel and the Dockerfile does not copy it"
            )


def test_runtime_is_non_root_with_the_console_script_as_entrypoint() -> None:
    users = RUNTIME.all("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    entrypoint = RUNTIME.exec_form("ENTRYPOINT")
    assert entrypoint == ["govgraph"] and entrypoint[0] in console_scripts()
    namespace = parse_with_real_cli([*entrypoint, *RUNTIME.exec_form("CMD")])
    assert namespace.command == "serve" and namespace.host == "0.0.0.0"
    workdir = RUNTIME.all("WORKDIR")[-1]
    copied = {
        str(PurePosixPath(workdir) / dest): src
        for src, dest in (c.split() for c in RUNTIME.all("COPY") if not c.startswith("--"))
    }
    folder = str(PurePosixPath(namespace.supergraph).parent)
    assert folder in copied and (REPO / copied[folder] / PurePosixPath(namespace.supergraph).name).is_file()


def test_no_node_at_run_time() -> None:
    runtime_text = " ".join(rest for _, rest in RUNTIME.instructions).lower()
    assert not re.search(r"\b(node|nodejs|npm|npx)\b", runtime_text)
    assert "node" not in RUNTIME.base


def test_healthcheck_asks_health() -> None:
    (healthcheck,) = RUNTIME.all("HEALTHCHECK")
    command = healthcheck.partition("CMD ")[2]
    assert command.startswith("[") and "urlopen" in command
    env = " ".join(RUNTIME.all("ENV"))
    default = re.search(r"GOVGRAPH_HEALTH_URL=(\S+)", env)
    assert default and default.group(1).endswith("/health") and "GOVGRAPH_HEALTH_URL" in command
    exposed = RUNTIME.all("EXPOSE")
    assert exposed and f":{exposed[0]}/" in default.group(1)


def test_dockerignore_sends_only_what_the_build_needs() -> None:
    rules = dockerignore_rules()
    for source in copy_sources(BUILD) + copy_sources(RUNTIME):
        assert not dockerignore_excludes(source, rules), f"{source} is COPYed but ignored"
    for data in ("subgraphs/transport/legacy/copybooks/OWNERS.cpy", "schema/supergraph.graphql"):
        assert not dockerignore_excludes(data, rules), data
    for unwanted in (
        ".venv/bin/python",
        ".git/HEAD",
        "tests/tools/node_modules/x/index.js",
        "gateway/__pycache__/cli.cpython-311.pyc",
        "subgraphs/__pycache__",
        ".govgraph/data/registry.sqlite",
    ):
        assert dockerignore_excludes(unwanted, rules), unwanted
