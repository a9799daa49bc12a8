"""`python -m subgraphs.tax.legacy --data-dir DIR --port 4302`.

Port 0: the OS picks; the bound URL is printed as `LISTENING <url>`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path

from aiohttp import web

from subgraphs.tax.legacy.server import SERVICE_PATH, create_app

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / ".govgraph" / "data"


async def serve(data_dir: Path, host: str, port: int) -> None:
    runner = web.AppRunner(create_app(data_dir), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    print(f"LISTENING http://{host}:{bound}{SERVICE_PATH}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.tax.legacy", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4302)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.data_dir, args.host, args.port))


if __name__ == "__main__":
    main()
