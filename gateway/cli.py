"""`govgraph` command line: serve | plan | up."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .errors import GovgraphError


def _pairs(values: list[str], what: str) -> dict[str, str]:
    found = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise SystemExit(f"govgraph: {what} must look like name=value, got {value!r}")
        found[name] = rest
    return found


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .config import GatewayConfig
    from .http.app import create_app

    sdl = Path(args.supergraph).read_text()
    config = GatewayConfig(
        supergraph_sdl=sdl,
        subgraph_urls=_pairs(args.subgraph_url, "--subgraph-url"),
        subgraph_timeout=args.timeout,
        introspection=not args.no_introspection,
    )
    try:
        app = create_app(config)
    except GovgraphError as error:
        print(f"govgraph: cannot load {args.supergraph}: {error}", file=sys.stderr)
        return 2
    print(f"govgraph: serving {args.supergraph} at http://{args.host}:{args.port}/graphql", flush=True)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        loop="uvloop",
        http="httptools",
        access_log=False,
    )
    return 0


def _plan(args: argparse.Namespace) -> int:
    from graphql import parse

    from .operation import Limits, prepare
    from .planner import build_query_plan, print_plan
    from .supergraph import load_supergraph

    supergraph = load_supergraph(Path(args.supergraph).read_text())
    query = Path(args.query).read_text() if os.path.exists(args.query) else args.query
    if args.query.endswith(".json"):
        query = json.loads(query)["query"]
    prepared = prepare(supergraph.api_schema, query, args.operation_name, Limits())
    plan = build_query_plan(supergraph, parse(query), prepared.operation)
    print(print_plan(plan))
    return 0


def _up(args: argparse.Namespace) -> int:
    from subgraphs.platform import options_from_args, run_platform

    return run_platform(options_from_args(args))


def _platform_arguments(parser: argparse.ArgumentParser) -> None:
    from subgraphs.platform import add_arguments

    add_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govgraph", description="A federated GraphQL gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a supergraph at /graphql")
    serve.add_argument("--supergraph", required=True, help="path to the supergraph SDL")
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
    serve.add_argument("--no-introspection", action="store_true")
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)
    plan = commands.add_parser("plan", help="print the query plan of an operation")
    plan.add_argument("--supergraph", required=True)
    plan.add_argument("query", help="the query text, or a file (.graphql, or .json with a `query`)")
    plan.add_argument("--operation-name")
    plan.set_defaults(run=_plan)
    up = commands.add_parser("up", help="run the whole platform locally (legacy systems, subgraphs, gateway)")
    _platform_arguments(up)
    up.set_defaults(run=_up)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        return int(args.run(args))
    except GovgraphError as error:
        print(f"govgraph: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
