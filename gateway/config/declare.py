"""Declaring settings: `setting(...)` is a `dataclasses.field` that also carries the documentation
and the constraints the config file is checked against (and that the JSON Schema and the Markdown
reference show).

    @dataclass(frozen=True)
    class Server:
        \"\"\"Where the gateway listens.\"\"\"
        port: int = setting(4000, doc="TCP port", minimum=1, maximum=65535)

A field without a default is required (declare the dataclass `kw_only=True` to put required
settings after ones with defaults). Constraints apply to the scalar values inside the field's
type, so `minimum=1` on a `list[int]` bounds each item and `pattern` on a `dict[str, str]` each value.
`pattern` is searched (as in JSON Schema): anchor it with `^...$` to match the whole string.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, dataclass
from typing import Any

METADATA_KEY = "govgraph.setting"


@dataclass(frozen=True)
class Setting:
    """The documentation and constraints of one field (kept in its `metadata`)."""

    doc: str
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    example: Any = None
    has_example: bool = False


UNDOCUMENTED = Setting(doc="")


def setting(
    default: Any = MISSING,
    *,
    doc: str,
    default_factory: Callable[[], Any] | Any = MISSING,
    minimum: float | None = None,
    maximum: float | None = None,
    pattern: str | None = None,
    example: Any = MISSING,
) -> Any:
    """A dataclasses.field(...) whose metadata carries the documentation and the constraints."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("setting(): give a default or a default_factory, not both")
    info = Setting(doc, minimum, maximum, pattern, example, has_example=example is not MISSING)
    metadata = {METADATA_KEY: info}
    if default_factory is not MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def setting_of(field: dataclasses.Field[Any]) -> Setting:
    """The declared documentation and constraints of a field (empty for a plain field)."""
    found = field.metadata.get(METADATA_KEY, UNDOCUMENTED)
    assert isinstance(found, Setting)
    return found
