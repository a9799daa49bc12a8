"""`govgraph serve [--config FILE] [flags]`: every flag has a key in the config file, and a flag
given on the command line overrides the file."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import GovgraphError
from ..serve.limits import raise_open_files
from ..serve.protocol import with_head_timeout

SERVE_ENV = "GOVGRAPH_SERVE_ARGS"  # serve's options, for the worker processes of --workers N


def parse_pairs(values: list[str] | None, what: str) -> dict[str, str]:
    found = {}
    for value in values or ():
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise SystemExit(f"govgraph: {what} must look like name=value, got {value!r}")
        found[name] = rest
    return found


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The flags given on the command line, as dotted config keys."""
    found: dict[str, Any] = {}
    simple = {
        "supergraph": "supergraph.file",
        "poll_interval": "supergraph.poll_interval",
        "host": "server.host",
        "port": "server.port",
        "workers": "server.workers",
        "log_level": "server.log_level",
        "timeout": "transport.timeout",
        "transport": "transport.kind",
    }
    for flag, key in simple.items():
        if getattr(args, flag) is not None:
            found[key] = getattr(args, flag)
    if args.subgraph:
        found["supergraph.subgraphs"] = parse_pairs(args.subgraph, "--subgraph")
    for name, url in parse_pairs(args.subgraph_url, "--subgraph-url").items():
        found[f"subgraphs.{name}.url"] = url
    for name, seconds in parse_pairs(args.subgraph_timeout, "--subgraph-timeout").items():
        found[f"subgraphs.{name}.timeout"] = float(seconds)
    if args.no_introspection:
        found["supergraph.introspection"] = False
    if args.dedup is not None:
        found["dedup.requests"] = found["dedup.fetches"] = args.dedup
    return found


def load(args: argparse.Namespace) -> Any:
    from ..serve import load_config

    return load_config(Path(args.config) if args.config else None, overrides(args))


def app_from_env() -> Any:
    """uvicorn's factory in each worker process of `govgraph serve --workers N`."""
    from ..serve import build_app

    options = json.loads(os.environ[SERVE_ENV])
    sdl = options.pop("first_sdl")  # fetched once by the parent: a worker starts inside an event loop
    app, _, _ = build_app(load(argparse.Namespace(**options)), sdl)
    gc.freeze()
    return app


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..serve import build_app

    try:
        config = load(args)
        app, description, sdl = build_app(config)
    except GovgraphError as error:
        print(f"govgraph: {error}", file=sys.stderr)
        return 2
    server = config.server
    print(f"govgraph: serving {description} at http://{server.host}:{server.port}/graphql", flush=True)
    before, now = raise_open_files()
    raised = f" (raised from {before})" if now != before else ""
    print(f"govgraph: open files: soft limit {now}{raised}", flush=True)
    common = uvicorn_options(server)
    if server.workers > 1:  # each worker builds its own gateway from the same options
        options = {k: v for k, v in vars(args).items() if k != "run"}
        os.environ[SERVE_ENV] = json.dumps({**options, "first_sdl": sdl})
        uvicorn.run("gateway.cli.serve:app_from_env", factory=True, workers=server.workers, **common)
        return 0
    gc.freeze()  # the schema and plans made at start-up are never garbage: keep them out of collections
    uvicorn.run(app, **common)
    return 0


def uvicorn_options(server: Any) -> dict[str, Any]:
    """uvicorn's settings from the config file's `server` section: where, and the bounds."""
    return {
        "host": server.host,
        "port": server.port,
        "log_level": server.log_level,
        "loop": "uvloop",
        "http": with_head_timeout(server.head_timeout),
        "access_log": False,
        "limit_concurrency": server.limit_concurrency,
        "timeout_keep_alive": server.timeout_keep_alive,
        "backlog": server.backlog,
        "timeout_graceful_shutdown": server.timeout_graceful_shutdown,
        "h11_max_incomplete_event_size": server.h11_max_incomplete_event_size,
    }


def register(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve a supergraph at /graphql")
    serve.add_argument("--config", metavar="FILE", help="the config file (YAML); flags override it")
    serve.add_argument("--supergraph", help="path to the supergraph SDL (reloaded when it changes)")
    serve.add_argument(
        "--subgraph", action="append", metavar="NAME=URL",
        help="instead of --supergraph: compose these subgraphs' SDL live (repeatable)",
    )  # fmt: skip
    serve.add_argument(
        "--poll-interval", type=float, metavar="SECONDS",
        help="how often to look for a new schema (default: 2 for a file, 10 for subgraphs; 0: never)",
    )  # fmt: skip
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 4000)")
    serve.add_argument(
        "--subgraph-url", action="append", metavar="NAME=URL", help="override a subgraph's URL (repeatable)"
    )
    serve.add_argument("--timeout", type=float, help="seconds per subgraph request (default 30)")
    serve.add_argument(
        "--subgraph-timeout", action="append", metavar="NAME=SECONDS", help="a timeout for one subgraph"
    )
    serve.add_argument("--no-introspection", action="store_true")
    serve.add_argument(
        "--transport", choices=("pooled", "aiohttp"),
        help="how subgraph requests are sent: pooled keep-alive connections (fast, default) or aiohttp",
    )  # fmt: skip
    serve.add_argument(
        "--dedup", action=argparse.BooleanOptionalAction, default=None,
        help="share one execution among identical concurrent requests (and subgraph fetches); on by default",
    )  # fmt: skip
    serve.add_argument("--workers", type=int, help="worker processes sharing the port (default 1)")
    serve.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"))
    serve.set_defaults(run=run)
