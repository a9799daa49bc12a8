"""`python -m subgraphs.services --port 4105 [--host 127.0.0.1] [--data-dir DIR]`

Serves the open-data export under `<data-dir>/services/` (written by `python -m subgraphs.datagen`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from subgraphs.services.app import DEFAULT_DATA_DIR, create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.services", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4105)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    uvicorn.run(create_app(args.data_dir), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
