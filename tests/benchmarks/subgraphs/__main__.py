"""`python -m tests.benchmarks.subgraphs --port 4200`: serve the four benchmark subgraphs."""

from __future__ import annotations

import argparse
import os

import uvicorn

from tests.benchmarks.subgraphs.app import CACHE_SIZE_ENV, create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4200)
    parser.add_argument("--cache-size", type=int, default=4096, help="cached responses (0 = no cache)")
    parser.add_argument("--workers", type=int, default=1, help="processes (each has its own cache)")
    args = parser.parse_args(argv)
    options = {"host": args.host, "port": args.port, "log_level": "warning", "access_log": False}
    if args.workers == 1:
        uvicorn.run(create_app(cache_size=args.cache_size), **options)
        return
    # Worker processes import the app by name; the cache size reaches them through the environment.
    os.environ[CACHE_SIZE_ENV] = str(args.cache_size)
    app = "tests.benchmarks.subgraphs.app:create_app_from_env"
    uvicorn.run(app, factory=True, workers=args.workers, **options)


if __name__ == "__main__":
    main()
