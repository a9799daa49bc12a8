"""python -m subgraphs.transport --port 4103 [--host 127.0.0.1] [--data-dir DIR | --export-dir DIR]"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import uvicorn

from subgraphs.transport.app import create_app

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / ".govgraph" / "data"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.transport", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4103)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="exports under DIR/transport")
    parser.add_argument("--export-dir", type=Path, help="the export folder itself (overrides --data-dir)")
    parser.add_argument("--poll-interval", type=float, default=2.0, help="seconds between folder scans")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    export_dir = args.export_dir or args.data_dir / "transport"
    app = create_app(export_dir, poll_interval=args.poll_interval)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
