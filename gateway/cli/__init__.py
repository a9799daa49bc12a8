"""`govgraph` command line: serve | plan | compose | check | config, and commands other packages register
(`govgraph up` from the demo platform)."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import GovgraphError
from . import config as config_commands

log = logging.getLogger("govgraph.cli")


def _pairs(values: list[str], what: str) -> dict[str, str]:
    found = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise SystemExit(f"govgraph: {what} must look like name=value, got {value!r}")
        found[name] = rest
    return found


SERVE_ENV = "GOVGRAPH_SERVE_ARGS"  # serve's options, for the worker processes of --workers N


def build_app(args: argparse.Namespace, first_sdl: str | None = None) -> tuple[Any, str, str]:
    """The ASGI app `govgraph serve` runs, its schema source's description, and its first SDL."""
    from ..config import GatewayConfig
    from ..hooks import Hooks
    from ..http.app import create_app
    from ..live.manager import GatewayManager
    from ..plugins import build_plugins
    from ..plugins.dedup import DedupConfig

    source, sdl = _schema_source(args, first_sdl)
    config = GatewayConfig(
        supergraph_sdl=sdl,
        subgraph_urls=_pairs(args.subgraph_url, "--subgraph-url"),
        subgraph_timeout=args.timeout,
        subgraph_timeouts={
            name: float(v) for name, v in _pairs(args.subgraph_timeout, "--subgraph-timeout").items()
        },
        introspection=not args.no_introspection,
        subgraph_transport=args.transport,
    )
    interval = args.poll_interval if args.poll_interval is not None else (2.0 if args.supergraph else 10.0)
    plugins = build_plugins({"dedup": DedupConfig(requests=args.dedup, fetches=args.dedup)})
    manager = GatewayManager(config, source=source, poll_interval=interval, hooks=Hooks(plugins))
    return create_app(config, manager=manager), source.description, sdl


def app_from_env() -> Any:
    """uvicorn's factory in each worker process of `govgraph serve --workers N`."""
    options = json.loads(os.environ[SERVE_ENV])
    sdl = options.pop("first_sdl")  # fetched once by the parent: a worker starts inside an event loop
    app, _, _ = build_app(argparse.Namespace(**options), sdl)
    gc.freeze()
    return app


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    try:
        app, description, sdl = build_app(args)
    except GovgraphError as error:
        print(f"govgraph: cannot load the supergraph: {error}", file=sys.stderr)
        return 2
    print(f"govgraph: serving {description} at http://{args.host}:{args.port}/graphql", flush=True)
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "loop": "uvloop",
        "http": "httptools",
        "access_log": False,
    }
    if args.workers > 1:  # each worker builds its own gateway from the same options
        options = {k: v for k, v in vars(args).items() if k != "run"}
        os.environ[SERVE_ENV] = json.dumps({**options, "first_sdl": sdl})
        uvicorn.run("gateway.cli:app_from_env", factory=True, workers=args.workers, **common)
        return 0
    gc.freeze()  # the schema and plans made at start-up are never garbage: keep them out of collections
    uvicorn.run(app, **common)
    return 0


def _schema_source(args: argparse.Namespace, first_sdl: str | None = None) -> tuple[Any, str]:
    """The serve command's supergraph source (a file, or subgraphs composed live) and its first SDL
    (`first_sdl` when the caller already has it)."""
    import asyncio

    from ..live.manager import CompositionSource, FileSource

    if bool(args.supergraph) == bool(args.subgraph):
        raise SystemExit("govgraph serve: give either --supergraph FILE or --subgraph NAME=URL ...")
    source = (
        FileSource(Path(args.supergraph))
        if args.supergraph
        else CompositionSource(_pairs(args.subgraph, "--subgraph"), timeout=args.timeout)
    )
    if first_sdl is not None:
        return source, first_sdl
    try:
        sdl = asyncio.run(source.fetch())
    except GovgraphError as error:
        raise SystemExit(f"govgraph: no supergraph from {source.description}: {error}") from error
    assert sdl is not None  # the first fetch always has one
    return source, sdl


def _plan(args: argparse.Namespace) -> int:
    from graphql import parse

    from ..operation import prepare
    from ..plan import build_query_plan, print_plan
    from ..supergraph import load_supergraph

    supergraph = load_supergraph(Path(args.supergraph).read_text())
    query = Path(args.query).read_text() if os.path.exists(args.query) else args.query
    if args.query.endswith(".json"):
        query = json.loads(query)["query"]
    prepared = prepare(supergraph.api_schema, query, args.operation_name)
    plan = build_query_plan(supergraph, parse(query), prepared.operation)
    print(print_plan(plan))
    return 0


def _check(args: argparse.Namespace) -> int:
    from ..check import CheckRequest, run_check

    request = CheckRequest(
        supergraph=Path(args.supergraph),
        proposed={name: Path(path) for name, path in _pairs(args.subgraph, "--subgraph").items()},
        subgraphs_dir=Path(args.subgraphs_dir),
        operations=[Path(p) for p in args.operations],
    )
    report = run_check(request)
    print(json.dumps(report.to_json(), indent=2) if args.format == "json" else report.to_text())
    return report.exit_code


def _check_arguments(commands: Any) -> None:
    check = commands.add_parser(
        "check", help="compose a proposed subgraph schema and report breaking changes (exit 0/1/2)"
    )
    check.add_argument("--supergraph", default="schema/supergraph.graphql", help="the current supergraph")
    check.add_argument(
        "--subgraph", action="append", required=True, metavar="NAME=PATH", help="a proposed SDL (repeatable)"
    )
    check.add_argument("--subgraphs-dir", default="schema/subgraphs", help="one <name>.graphql per subgraph")
    check.add_argument("--operations", nargs="+", default=[], metavar="FILE", help="only what breaks these")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=_check)


def _compose(args: argparse.Namespace) -> int:
    from ..composition.command import ComposeRequest, run_compose

    config = Path(args.config) if args.config else None
    output = Path(args.output) if args.output else None
    return run_compose(ComposeRequest(args.subgraphs, config, output, args.check))


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


def _serve_arguments(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve a supergraph at /graphql")
    serve.add_argument("--supergraph", help="path to the supergraph SDL (reloaded when it changes)")
    serve.add_argument(
        "--subgraph",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="instead of --supergraph: compose these subgraphs' SDL live (repeatable)",
    )
    serve.add_argument(
        "--poll-interval",
        type=float,
        metavar="SECONDS",
        help="how often to look for a new schema (default: 2 for a file, 10 for subgraphs; 0: never)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=4000)
    serve.add_argument(
        "--subgraph-url",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="override a subgraph's URL (repeatable)",
    )
    serve.add_argument("--timeout", type=float, default=30.0, help="seconds per subgraph request")
    serve.add_argument(
        "--subgraph-timeout",
        action="append",
        default=[],
        metavar="NAME=SECONDS",
        help="a timeout for one subgraph (repeatable)",
    )
    serve.add_argument("--no-introspection", action="store_true")
    serve.add_argument(
        "--transport",
        choices=("pooled", "aiohttp"),
        default="pooled",
        help="how subgraph requests are sent: pooled keep-alive connections (fast) or aiohttp",
    )
    serve.add_argument(
        "--dedup",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="share one execution among identical concurrent requests (and subgraph fetches)",
    )
    serve.add_argument("--workers", type=int, default=1, help="worker processes sharing the port")
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)


def _file_config() -> type:
    """The config file's top-level schema."""
    from ..config.model import FileConfig

    return FileConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govgraph", description="A federated GraphQL gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    _serve_arguments(commands)
    plan = commands.add_parser("plan", help="print the query plan of an operation")
    plan.add_argument("--supergraph", required=True)
    plan.add_argument("query", help="the query text, or a file (.graphql, or .json with a `query`)")
    plan.add_argument("--operation-name")
    plan.set_defaults(run=_plan)
    _check_arguments(commands)
    _compose_arguments(commands)
    config_commands.register(commands, _file_config)
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
