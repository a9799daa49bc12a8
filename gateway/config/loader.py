"""Reading a config file: YAML (one document, no aliases) bound to the declared dataclasses, with
`${ENV}` / `${ENV:-default}` interpolated from the environment. An empty file means all defaults.
Inside a flow collection (`[...]`, `{...}`) quote a reference: `ports: ['${PORT}']`; quoted or not,
an interpolated value is read as its setting's type."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .binding import bind
from .errors import ConfigError, Problem

T = TypeVar("T")


def load_file(path: Path, schema: type[T], environ: Mapping[str, str] | None = None) -> T:
    """The config in the file at `path`; `environ` defaults to `os.environ`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ConfigError([Problem(str(path), None, None, "", f"cannot read the file: {reason}")]) from None
    return load_text(text, schema, str(path), environ)


def load_text(
    text: str, schema: type[T], source: str = "<config>", environ: Mapping[str, str] | None = None
) -> T:
    """The config written in `text` (`source` names it in messages); `environ` defaults to `os.environ`."""
    return bind(schema, compose(text, source), source, os.environ if environ is None else environ)


def compose(text: str, source: str) -> yaml.Node | None:
    """The YAML node tree of `text` (None when empty); ConfigError for a syntax error."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ConfigError([Problem(source, line, column, "", f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as error:
        raise ConfigError([Problem(source, None, None, "", f"invalid YAML: {error}")]) from None


class _Loader(yaml.SafeLoader):
    """The safe loader's composer, refusing aliases (`*name`): every value is written where it is."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not supported", problem_mark=mark)
        return super().compose_node(parent, index)
