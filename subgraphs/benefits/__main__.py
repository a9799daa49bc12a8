"""`python -m subgraphs.benefits --port 4104 [--host 127.0.0.1] [--legacy-url URL] [--timeout S]
[--nats-url nats://127.0.0.1:4222]`."""

from __future__ import annotations

import argparse

import uvicorn

from subgraphs.benefits.app import DEFAULT_LEGACY_URL, create_app
from subgraphs.broker import default_nats_url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.benefits", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4104)
    parser.add_argument("--legacy-url", default=DEFAULT_LEGACY_URL, help="the legacy benefits REST API")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds per legacy call")
    parser.add_argument("--max-retries", type=int, default=3, help="retries of a 429 answer")
    parser.add_argument("--nats-url", default=default_nats_url(), help="the event broker of claim changes")
    args = parser.parse_args(argv)
    options = {"timeout": args.timeout, "max_retries": args.max_retries}
    app = create_app(args.legacy_url, nats_url=args.nats_url, **options)
    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
