"""`govgraph audit verify | show`: walk the audit log's hash chain, or read one citizen's records.

govgraph audit verify [--file PATH | --database URL] [--table NAME]
    exit 0: intact (prints the count and the head hash, to compare with an earlier run)
    exit 1: names the first bad record (changed, removed, moved or inserted)
govgraph audit show --citizen ID [--limit N] [--file PATH | --database URL] [--table NAME]
    the citizen's records, newest first, one JSON object a line
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from typing import Any

DEFAULT_FILE = "govgraph-audit.sqlite3"


def register(commands: Any) -> None:
    """Add `audit` (with `verify` and `show`) to the argparse subcommands."""
    audit = commands.add_parser("audit", help="verify the personal-data audit log, or read it")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser(
        "verify", help="walk the hash chain (exit 0 intact, 1 naming the first bad record)"
    )
    _store_arguments(verify)
    verify.set_defaults(run=lambda args: asyncio.run(_verify(args)))
    show = actions.add_parser("show", help="one citizen's records, newest first (JSON lines)")
    show.add_argument("--citizen", required=True, help="the citizen's personal code")
    show.add_argument("--limit", type=int, default=100, help="at most this many records")
    _store_arguments(show)
    show.set_defaults(run=lambda args: asyncio.run(_show(args)))


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--file", help=f"the SQLite log (default {DEFAULT_FILE})")
    where.add_argument("--database", help="a PostgreSQL URL holding the log")
    parser.add_argument("--table", default="audit_log", help="the log's table (`name` or `schema.name`)")


def _open(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from ..errors import GovgraphError
    from ..plugins.audit.store import open_store

    if not args.database and not Path(args.file or DEFAULT_FILE).exists():
        raise GovgraphError(f"no audit log at {args.file or DEFAULT_FILE}")
    try:
        return open_store(args.file or DEFAULT_FILE, args.database, args.table)
    except ValueError as error:
        raise GovgraphError(str(error)) from error


async def _verify(args: argparse.Namespace) -> int:
    from ..plugins.audit.records import ChainCheck

    store = _open(args)
    check = ChainCheck()
    try:
        async for record in store.walk():
            if not check.step(record):
                break
    finally:
        await store.close()
    verdict = check.verdict()
    if verdict.intact:
        print(f"audit log {store.description}: {verdict.records} records, chain intact, head {verdict.head}")
        return 0
    print(
        f"audit log {store.description}: BROKEN at record {verdict.bad_seq}: {verdict.problem} "
        f"({verdict.records} records before it are intact)"
    )
    return 1


async def _show(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        records = await store.for_citizen(args.citizen, args.limit)
    finally:
        await store.close()
    for record in records:
        line = {"seq": record.seq, **asdict(record.disclosure), "hash": record.hash}
        line["fields"] = list(record.disclosure.fields)
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0
