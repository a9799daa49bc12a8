"""`govgraph config check FILE [--print]` and `govgraph config schema | reference`: the config file's
commands, for whichever top-level schema the caller gives (`schema_factory`, called when a command
runs so that the model is imported only then)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

SchemaFactory = Callable[[], type]


def register(commands: Any, schema_factory: SchemaFactory) -> None:
    """Add `config` (with `check`, `schema` and `reference`) to the argparse subcommands."""
    config = commands.add_parser("config", help="check a config file, or print its JSON Schema or reference")
    actions = config.add_subparsers(dest="config_command", required=True)
    check = actions.add_parser("check", help="validate a config file (exit 0, or 2 listing every problem)")
    check.add_argument("file", help="the YAML config file")
    check.add_argument(
        "--print", action="store_true", help="print the effective config (with the defaults) as YAML"
    )
    check.set_defaults(run=lambda args: _check(args, schema_factory()))
    schema = actions.add_parser("schema", help="print the config file's JSON Schema (for editors)")
    schema.set_defaults(run=lambda args: _schema(schema_factory()))
    reference = actions.add_parser("reference", help="print the config file's reference in Markdown")
    reference.set_defaults(run=lambda args: _reference(schema_factory()))


def _check(args: argparse.Namespace, schema: type) -> int:
    import yaml

    from ..config.binding import to_plain
    from ..config.errors import ConfigError
    from ..config.loader import load_file

    try:
        config: object = load_file(Path(args.file), schema)
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    if args.print:
        print(yaml.safe_dump(to_plain(config), sort_keys=False, allow_unicode=True), end="")
    else:
        print(f"{args.file}: ok")
    return 0


def _schema(schema: type) -> int:
    from ..config.jsonschema import json_schema

    print(json.dumps(json_schema(schema), indent=2))
    return 0


def _reference(schema: type) -> int:
    from ..config.reference import markdown_reference

    print(markdown_reference(schema), end="")
    return 0
