"""`govgraph` command line: serve | plan | compose | check | config | audit, and commands other
packages register (`govgraph up` from the demo platform)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import GovgraphError
from . import audit as audit_commands
from . import config as config_commands
from . import serve as serve_command
from .project import SUBGRAPHS_DIR, SUPERGRAPH, ProjectNotFound, find_project_root, shown
from .serve import parse_pairs as _pairs

PROJECT_HELP = (
    "the project root (default: the nearest folder up with schema/supergraph.graphql or pyproject.toml)"
)

log = logging.getLogger("govgraph.cli")


def _plan(args: argparse.Namespace) -> int:
    from graphql import parse

    from ..operation import prepare
    from ..plan import build_query_plan, plan_to_json, print_plan
    from ..plan.defer import DEFER_DIRECTIVE
    from ..supergraph import extend_api_schema, load_supergraph

    # plans as the gateway makes them with `defer.enabled` (a `@defer` fragment shows as `Defer`)
    supergraph = extend_api_schema(load_supergraph(Path(args.supergraph).read_text()), [DEFER_DIRECTIVE])
    query = Path(args.query).read_text() if os.path.exists(args.query) else args.query
    if args.query.endswith(".json"):
        query = json.loads(query)["query"]
    prepared = prepare(supergraph.api_schema, query, args.operation_name)
    plan = build_query_plan(supergraph, parse(query), prepared.operation)
    if args.format == "json":
        print(json.dumps(plan_to_json(plan), indent=2))
    else:
        print(print_plan(plan))
    return 0


def _project_path(given: str | None, args: argparse.Namespace, default: Path) -> Path:
    """A path option as given (relative to the working directory), or the project root's default."""
    if given is not None:
        return Path(given)
    return shown(find_project_root(args.project) / default)


def _check(args: argparse.Namespace) -> int:
    from ..check import CheckRequest, run_check

    request = CheckRequest(
        supergraph=_project_path(args.supergraph, args, SUPERGRAPH),
        proposed={name: Path(path) for name, path in _pairs(args.subgraph, "--subgraph").items()},
        subgraphs_dir=_project_path(args.subgraphs_dir, args, SUBGRAPHS_DIR),
        operations=[Path(p) for p in args.operations],
    )
    report = run_check(request)
    print(json.dumps(report.to_json(), indent=2) if args.format == "json" else report.to_text())
    return report.exit_code


def _check_arguments(commands: Any) -> None:
    check = commands.add_parser(
        "check", help="compose a proposed subgraph schema and report breaking changes (exit 0/1/2)"
    )
    check.add_argument(
        "--supergraph", help="the current supergraph (default: schema/supergraph.graphql of the project)"
    )
    check.add_argument(
        "--subgraph", action="append", required=True, metavar="NAME=PATH", help="a proposed SDL (repeatable)"
    )
    check.add_argument(
        "--subgraphs-dir", help="one <name>.graphql per subgraph (default: the project's schema/subgraphs)"
    )
    check.add_argument("--project", metavar="DIR", help=PROJECT_HELP)
    check.add_argument("--operations", nargs="+", default=[], metavar="FILE", help="only what breaks these")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=_check)


def _compose(args: argparse.Namespace) -> int:
    from ..composition.command import ComposeRequest, run_compose

    config = Path(args.config) if args.config else None
    output = Path(args.output) if args.output else None
    request = ComposeRequest(args.subgraphs, config, output, args.check)
    if not args.subgraphs and config is None:  # the project's own: schema/subgraphs, URLs of its supergraph
        root = find_project_root(args.project)
        request.specs = _project_specs(root / SUBGRAPHS_DIR, root / SUPERGRAPH)
    return run_compose(request)


def _project_specs(folder: Path, supergraph: Path) -> list[str]:
    """`name=path@url` for each SDL of the folder, with the routing URL the supergraph names (if any)."""
    from ..supergraph import load_supergraph

    files = sorted(folder.glob("*.graphql")) if folder.is_dir() else []
    if not files:
        raise ProjectNotFound(f"no subgraphs given and no SDL (*.graphql) in {folder}")
    current = load_supergraph(supergraph.read_text()).subgraphs if supergraph.is_file() else {}
    urls = {name: subgraph.url for name, subgraph in current.items()}
    return [f"{p.stem}={shown(p)}" + (f"@{urls[p.stem]}" if urls.get(p.stem) else "") for p in files]


def _compose_arguments(commands: Any) -> None:
    compose = commands.add_parser(
        "compose", help="compose subgraph SDLs (files or running subgraphs) into a supergraph"
    )
    compose.add_argument(
        "subgraphs",
        nargs="*",
        metavar="NAME=PATH[@URL]|NAME=URL",
        help="a subgraph SDL file, or a running subgraph",
    )
    compose.add_argument("--config", help="a config file listing subgraphs (JSON, TOML or YAML)")
    compose.add_argument("-o", "--output", help="write the supergraph here instead of stdout")
    compose.add_argument("--check", action="store_true", help="only check that --output is up to date")
    compose.add_argument(
        "--project", metavar="DIR", help=PROJECT_HELP + "; with no subgraphs, compose its schema/subgraphs"
    )
    compose.set_defaults(run=_compose)


def _plugin_commands(commands: Any) -> None:
    """Subcommands other installed packages register under the `govgraph.commands` entry point
    (the demo platform's `govgraph up` comes from `subgraphs`, installed with `govgraph[platform]`)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="govgraph.commands"):
        try:
            register = entry.load()
        except ImportError as error:
            log.debug("command %s not available: %s", entry.name, error)
            continue
        register(commands)


def _file_config() -> type:
    """The config file's top-level schema."""
    from ..serve.model import FileConfig

    return FileConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govgraph", description="A federated GraphQL gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_command.register(commands)
    plan = commands.add_parser("plan", help="print the query plan of an operation")
    plan.add_argument("--supergraph", required=True)
    plan.add_argument("query", help="the query text, or a file (.graphql, or .json with a `query`)")
    plan.add_argument("--operation-name")
    plan.add_argument("--format", choices=("text", "json"), default="text", help="printed, or as JSON")
    plan.set_defaults(run=_plan)
    _check_arguments(commands)
    _compose_arguments(commands)
    config_commands.register(commands, _file_config)
    audit_commands.register(commands)
    _plugin_commands(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        return int(args.run(args))
    except GovgraphError as error:
        print(f"govgraph: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
