"""`govgraph new-subgraph NAME [--port N] [--dir subgraphs] [--project DIR]`: a working agency subgraph.

Writes the package `<dir>/<name>/` (schema.py, client.py, app.py, __main__.py), its test
`tests/<dir>/<name>/test_<name>.py`, and appends the agency to the platform's `subgraphs/agencies.yaml`
(checked before anything is written). The project is `--project` or the nearest folder up from the
working directory with `schema/supergraph.graphql` or `pyproject.toml`.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template

from gateway.cli.project import ProjectNotFound, find_project_root
from gateway.config.errors import ConfigError
from subgraphs.agencies import AGENCIES_FILE, AGENCY_NAME, load_agencies
from subgraphs.scaffold import templates

FIRST_PORT = 4101
PACKAGE_FILES = {
    "__init__.py": templates.INIT,
    "client.py": templates.CLIENT,
    "schema.py": templates.SCHEMA,
    "app.py": templates.APP,
    "__main__.py": templates.MAIN,
}


class ScaffoldError(Exception):
    """The subgraph cannot be scaffolded here (the message says why; nothing was written)."""


@dataclass(frozen=True)
class Plan:
    """What `new-subgraph` writes: file path -> text, and the agencies file's new text."""

    files: dict[Path, str]
    agencies_file: Path
    agencies_text: str
    module: str
    port: int


def _words(name: str) -> dict[str, str]:
    pascal = "".join(part.capitalize() for part in name.split("_"))
    return {"name": name, "Pascal": pascal, "camel": pascal[0].lower() + pascal[1:]}


def plan_subgraph(root: Path, name: str, folder: str = "subgraphs", port: int | None = None) -> Plan:
    """Everything to write for agency `name` under `root/folder`, checked (ScaffoldError otherwise)."""
    if not re.match(AGENCY_NAME, name):
        raise ScaffoldError(f"{name!r} is not a valid agency name (lower case letters, digits, _)")
    root = root.resolve()
    base = (root / folder).resolve()
    if not base.is_relative_to(root):
        raise ScaffoldError(f"--dir {folder} is not inside the project {root}")
    agencies_file = root / AGENCIES_FILE.relative_to(AGENCIES_FILE.parents[1])  # the platform's
    try:
        current = load_agencies(agencies_file)
    except ConfigError as error:
        raise ScaffoldError(f"the agencies file cannot be used:\n{error}") from None
    if name in current.ports():
        raise ScaffoldError(f"{agencies_file} already has a process named {name!r}")
    package = base / name
    relative = package.relative_to(root)
    test_dir = root / "tests" / relative
    for path in (package, test_dir / f"test_{name}.py"):
        if path.exists():
            raise ScaffoldError(f"{path} exists already")
    port = port or _next_port(current.ports().values(), [a.port for a in current.agencies])
    words = dict(_words(name), module=".".join(relative.parts), port=str(port))
    words["root_up"] = str(len(relative.parts) + 1)  # tests/<dir>/<name>/test_<name>.py
    files = {package / file: template.substitute(words) for file, template in PACKAGE_FILES.items()}
    files[test_dir / f"test_{name}.py"] = templates.TEST.substitute(words)
    if (test_dir.parent / "__init__.py").exists():  # a test package like its neighbours
        files[test_dir / "__init__.py"] = ""
    text = agencies_file.read_text(encoding="utf-8")
    text = text + ("" if text.endswith("\n") else "\n") + _entry(words)
    _check_agencies(agencies_file, text)
    return Plan(files, agencies_file, text, words["module"], port)


def _next_port(used: Iterable[int], agency_ports: list[int]) -> int:
    """The first free port after the agencies' (4101 when there are none)."""
    taken = set(used)
    return next(p for p in range(max([FIRST_PORT - 1, *agency_ports]) + 1, 65536) if p not in taken)


def _entry(words: dict[str, str]) -> str:
    entry = templates.AGENCY_ENTRY.substitute(words)
    if words["module"] != f"subgraphs.{words['name']}":
        entry += f"    module: {words['module']}\n"
    return entry


def _check_agencies(path: Path, text: str) -> None:
    """The agencies file with the new agency must load (same checks as `govgraph up`)."""
    trial = path.with_name(f".{path.name}.new")
    trial.write_text(text, encoding="utf-8")
    try:
        load_agencies(trial)
    except ConfigError as error:
        raise ScaffoldError(f"the agencies file would not load with the new agency:\n{error}") from None
    finally:
        trial.unlink()


def write(plan: Plan, root: Path) -> None:
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    plan.agencies_file.write_text(plan.agencies_text, encoding="utf-8")
    _format(root, [p for p in plan.files if p.suffix == ".py"])


def _format(root: Path, files: list[Path]) -> None:
    """Sort the imports and `ruff format` the generated code with the project's settings, when ruff is
    installed (a dev dependency): where the agency's own imports sort depends on its name, and a long
    name makes long lines. Without ruff the code is valid all the same."""
    if importlib.util.find_spec("ruff") is None:
        return
    paths = list(map(str, files))
    for command in (["check", "--quiet", "--select", "I", "--fix"], ["format", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *command, *paths], cwd=root, check=False, timeout=60)


NEXT_STEPS = Template("""
Next:
  python -m subgraphs.export_schema    adds $name to schema/ (its SDL, the supergraph)
  python -m pytest $test
  govgraph up                          the platform, with $name on port $port; then ask the gateway
    { me { ${camel}Licence { number validUntil } } ${camel}Status { online } }
Connect the real system in $client (REAL SYSTEM marks the places), and give $name its
entries in deploy/ (tests/deploy/ names what is missing).
""")


def run(args: argparse.Namespace) -> int:
    try:
        root = find_project_root(args.project)
        plan = plan_subgraph(root, args.name, args.dir, args.port)
    except (ScaffoldError, ProjectNotFound) as error:
        print(f"govgraph new-subgraph: {error}", file=sys.stderr)
        return 2
    write(plan, root)
    for path in [*plan.files, plan.agencies_file]:
        print(f"wrote {path.relative_to(root)}")
    test = next(p for p in plan.files if p.name == f"test_{args.name}.py").relative_to(root)
    client = next(p for p in plan.files if p.name == "client.py").relative_to(root)
    print(NEXT_STEPS.substitute(_words(args.name), test=test, port=plan.port, client=client), end="")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the agency's name: a Python package name, e.g. fisheries")
    parser.add_argument("--port", type=int, help="its subgraph's port (default: the next free one)")
    parser.add_argument("--dir", default="subgraphs", help="the agencies' folder, in the project")
    parser.add_argument("--project", metavar="DIR", help="the project root (default: found upwards)")


def register_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`govgraph new-subgraph`: registered through the `govgraph.commands` entry point, like `up`."""
    parser = commands.add_parser("new-subgraph", help="scaffold a new agency subgraph and register it")
    add_arguments(parser)
    parser.set_defaults(run=run)
