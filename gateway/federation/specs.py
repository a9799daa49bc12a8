"""The shapes of the spec table: specs, their directives and types, versions and URLs.

A spec is identified by a URL `https://specs.apollo.dev/<name>/v<major>.<minor>`; a
schema links it with `@link(url:)` (or `@core(feature:)` in Federation 1 supergraphs)
and then names its elements `<name>__<element>`, except a directive named like the
spec itself (`@link`, `@tag`, `@inaccessible`), which keeps its bare name. The data
lives in `table.py`; this module only says what an entry is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

Version = tuple[int, int]  # (major, minor): "v2.7" -> (2, 7)

SPEC_URL = re.compile(r"^https?://specs\.apollo\.dev/(?P<name>[a-zA-Z_]+)/v(?P<major>\d+)\.(?P<minor>\d+)$")


def parse_version(text: str) -> Version:
    """`"v2.7"` (or `"2.7"`, `"v2"`) -> `(2, 7)`."""
    major, _, minor = text.lstrip("v").partition(".")
    return int(major), int(minor or 0)


def format_version(version: Version) -> str:
    return f"v{version[0]}.{version[1]}"


@dataclass(frozen=True)
class SpecUrl:
    name: str
    version: Version


def parse_spec_url(url: str) -> SpecUrl | None:
    """The spec name and version of a `specs.apollo.dev` URL; None for any other URL."""
    match = SPEC_URL.match(url)
    if match is None:
        return None
    return SpecUrl(match["name"], (int(match["major"]), int(match["minor"])))


class Composed(Enum):
    """What composition does with a directive it meets (in a subgraph or a supergraph)."""

    READ = "read"  # a subgraph's federation directive, turned into @join__* metadata
    COPIED = "copied"  # applied in a subgraph, applied the same in the supergraph (@tag, ...)
    EMITTED = "emitted"  # composition defines and applies it in the supergraph it prints
    UNSUPPORTED = "unsupported"  # known, but composition refuses it (UNSUPPORTED_FEATURE)
    NOT_EMITTED = "not emitted"  # known to the runtime, never printed by composition


@dataclass(frozen=True)
class Spec:
    name: str  # also the default prefix of its elements (`join` -> `@join__type`)
    url_prefix: str | None  # None for the GraphQL built-ins, which are never linked
    versions: tuple[Version, ...] = ()
    composed_version: Version | None = None  # the version composition links, when fixed

    def url(self, version: Version) -> str:
        assert self.url_prefix is not None, f"{self.name} is not a linked spec"
        return f"{self.url_prefix}/{format_version(version)}"

    def knows(self, version: Version) -> bool:
        return version in self.versions


@dataclass(frozen=True)
class ArgSpec:
    """One argument (or input field): GraphQL type text, default value text, versions."""

    name: str
    type: str
    default: str | None = None
    since: Version | None = None  # first spec version with it (None: all)
    until: Version | None = None  # last spec version with it (None: still there)

    def in_version(self, version: Version) -> bool:
        return _within(version, self.since, self.until)


@dataclass(frozen=True)
class DirectiveSpec:
    name: str  # the name in its spec (`key`, `type` for @join__type)
    spec: Spec
    min_version: Version
    max_version: Version | None = None
    locations: tuple[str, ...] = ()
    arguments: tuple[ArgSpec, ...] = ()
    repeatable: bool = False
    stripped_from_api_schema: bool = True
    composed: Composed = Composed.NOT_EMITTED

    @property
    def default_name(self) -> str:
        """The name a schema uses when it links the spec without `as:` or `import:`."""
        return self.local_name(self.spec.name)

    def local_name(self, prefix: str) -> str:
        """The name under a spec prefix: `join` -> `join__type`; `@link` stays `link`."""
        if self.spec.url_prefix is None:
            return self.name
        if self.name == self.spec.name:
            return prefix
        return f"{prefix}__{self.name}"

    def in_version(self, version: Version) -> bool:
        return _within(version, self.min_version, self.max_version)

    def arguments_in(self, version: Version) -> tuple[ArgSpec, ...]:
        return tuple(a for a in self.arguments if a.in_version(version))

    def has_argument(self, name: str, version: Version) -> bool:
        return any(a.name == name for a in self.arguments_in(version))


@dataclass(frozen=True)
class TypeSpec:
    """A named type a spec defines: a scalar, an enum (values with descriptions), an input."""

    name: str  # as the schema names it by default (`join__FieldSet`, `_Any`)
    spec: Spec
    kind: str  # scalar | enum | input
    min_version: Version
    max_version: Version | None = None
    fields: tuple[ArgSpec, ...] = ()  # input fields
    values: tuple[tuple[str, str | None], ...] = field(default=())  # enum (value, description)

    def in_version(self, version: Version) -> bool:
        return _within(version, self.min_version, self.max_version)

    def local_name(self, prefix: str) -> str:
        """The name under a spec prefix (`join__Graph` linked `as: "j"` -> `j__Graph`)."""
        bare = self.name.removeprefix(self.spec.name + "__")
        return self.name if bare == self.name else f"{prefix}__{bare}"


def _within(version: Version, since: Version | None, until: Version | None) -> bool:
    return (since is None or version >= since) and (until is None or version <= until)
