"""`python -m subgraphs.benefits.legacy --data-dir DIR --port 4304 [--rate-limit N] [--health-delay S]
[--nats-url nats://127.0.0.1:4222]`.

Port 0: the OS picks; the bound URL is printed as `LISTENING <url>`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from pathlib import Path

from aiohttp import web

from subgraphs.benefits.legacy.control import ServiceControl
from subgraphs.benefits.legacy.server import create_app
from subgraphs.broker import default_nats_url

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / ".govgraph" / "data"


async def serve(app: web.Application, host: str, port: int) -> None:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    print(f"LISTENING http://{host}:{runner.addresses[0][1]}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.benefits.legacy", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4304)
    parser.add_argument("--rate-limit", type=int, default=50, help="requests per second; 0 = unlimited")
    parser.add_argument("--health-delay", type=float, default=0.3, help="seconds each health lookup takes")
    parser.add_argument("--nats-url", default=default_nats_url(), help="where claim changes are published")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    control = ServiceControl(rate_limit=args.rate_limit, health_delay=args.health_delay)
    app = create_app(args.data_dir, control, nats_url=args.nats_url)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(app, args.host, args.port))


if __name__ == "__main__":
    main()
