"""`python -m subgraphs.registry --port 4101 [--host 127.0.0.1] [--data-dir DIR] [--database-url URL]`

Without a database URL (flag or `DATABASE_URL`) it reads `<data-dir>/registry.sqlite`
(seed it first with `python -m subgraphs.datagen`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from subgraphs.registry.app import DEFAULT_DATA_DIR, create_app
from subgraphs.registry.db import default_database_url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.registry", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4101)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--db-schema", default=None, help="PostgreSQL schema holding the legacy tables")
    args = parser.parse_args(argv)
    app = create_app(args.database_url, data_dir=args.data_dir, schema_name=args.db_schema)
    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
