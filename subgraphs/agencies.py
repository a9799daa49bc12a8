"""The agencies file (`subgraphs/agencies.yaml`): which agencies the platform runs, read into frozen
dataclasses with the gateway's config machinery (unknown keys, wrong types and missing settings are
refused with their line and column).

    file = load_agencies()                  # subgraphs/agencies.yaml, or load_agencies(path)
    file.ports()                            # {"gateway": 4000, "registry": 4101, ..., "issuer": 4400}
    expand(file.agencies[1].command, values)

`govgraph up` (subgraphs/platform.py), `python -m subgraphs.export_schema`, the deploy tests and
`govgraph new-subgraph` (which appends an agency) read it. Commands and arguments are templates:

    {python} {host} {data_dir} {database_url} {nats_url}   the platform's options
    {port} {url} {module}                       the process's own port, base URL, Python module
    {port:NAME} {url:NAME}                      another process's (an agency, a legacy process, issuer)

An `args` item is one option with its value ("--data-dir {data_dir}"); it is left out when a value it
names is not set (`{database_url}` without a database URL).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gateway.config.declare import setting
from gateway.config.errors import ConfigError, Problem
from gateway.config.loader import load_file

AGENCIES_FILE = Path(__file__).resolve().parent / "agencies.yaml"
RESERVED = ("gateway", "issuer", "datagen")
AGENCY_NAME = r"^[a-z][a-z0-9_]*$"  # a Python package name, and a GraphQL-friendly subgraph name
PROCESS_NAME = r"^[a-z][a-z0-9-]*$"
DEFAULT_COMMAND = "{python} -m {module} --host {host} --port {port}"
DEFAULT_HEALTH = "{url}/health"
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w-]+))?\}")
OWN = ("port", "url", "module")
PLATFORM = ("python", "host", "data_dir", "database_url", "nats_url")


@dataclass(frozen=True)
class Service:
    """A platform process that is not an agency."""

    port: int = setting(doc="TCP port it listens on", minimum=1, maximum=65535)


@dataclass(frozen=True, kw_only=True)
class LegacyProcess:
    """A legacy system that is a server, started before its agency's subgraph."""

    name: str = setting(doc="process name (also its --port NAME=PORT key)", pattern=PROCESS_NAME)
    port: int = setting(doc="TCP port it listens on", minimum=1, maximum=65535)
    command: str = setting(doc="command line template, e.g. `{python} -m subgraphs.tax.legacy ...`")
    health: str = setting(DEFAULT_HEALTH, doc="health URL template; answers < 500 when up")
    callers: tuple[str, ...] = setting(
        (),
        doc="systems outside the platform that call it too, each with its own credential",
        pattern=PROCESS_NAME,
    )


@dataclass(frozen=True, kw_only=True)
class Agency:
    """One agency: its subgraph process and the legacy processes it reads."""

    name: str = setting(doc="subgraph name (join__Graph), process name, package name", pattern=AGENCY_NAME)
    port: int = setting(doc="TCP port of its subgraph", minimum=1, maximum=65535)
    module: str = setting("", doc="Python module run with -m; default subgraphs.<name>")
    command: str = setting(DEFAULT_COMMAND, doc="command line template of the subgraph")
    args: tuple[str, ...] = setting((), doc="extra arguments, one option (and its value) per item")
    health: str = setting(DEFAULT_HEALTH, doc="health URL template; answers < 500 when up")
    legacy: tuple[LegacyProcess, ...] = setting((), doc="legacy systems that are servers")

    @property
    def package(self) -> str:
        return self.module or f"subgraphs.{self.name}"


@dataclass(frozen=True)
class AgenciesFile:
    """The whole file: the platform's own processes and the agencies, in start and port order."""

    gateway: Service = setting(doc="the gateway")
    issuer: Service = setting(doc="the dev identity issuer")
    agencies: tuple[Agency, ...] = setting(doc="the agencies, in order")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(agency.name for agency in self.agencies)

    def agency(self, name: str) -> Agency:
        for agency in self.agencies:
            if agency.name == name:
                return agency
        raise KeyError(name)

    def ports(self) -> dict[str, int]:
        """Every process's default port: the gateway, the agencies, their legacy processes, the issuer."""
        ports = {"gateway": self.gateway.port}
        ports.update((agency.name, agency.port) for agency in self.agencies)
        ports.update((legacy.name, legacy.port) for agency in self.agencies for legacy in agency.legacy)
        ports["issuer"] = self.issuer.port
        return ports


def load_agencies(path: Path = AGENCIES_FILE) -> AgenciesFile:
    """The agencies file at `path`, bound and checked (ConfigError lists every problem)."""
    loaded = load_file(path, AgenciesFile, environ={})
    problems = [Problem(str(path), None, None, "agencies", message) for message in _problems(loaded)]
    if problems:
        raise ConfigError(problems)
    return loaded


def _problems(loaded: AgenciesFile) -> list[str]:
    found = []
    processes = [("gateway", loaded.gateway.port), ("issuer", loaded.issuer.port)]
    for agency in loaded.agencies:
        processes.append((agency.name, agency.port))
        processes += [(legacy.name, legacy.port) for legacy in agency.legacy]
    names = [name for name, _ in processes]
    for name in sorted({n for n in names if names.count(n) > 1 or n == "datagen"}):
        found.append(f"the name {name!r} is taken more than once, or is reserved ({', '.join(RESERVED)})")
    ports = [port for _, port in processes]
    for port in sorted({p for p in ports if ports.count(p) > 1}):
        users = ", ".join(name for name, p in processes if p == port)
        found.append(f"port {port} is given to more than one process: {users}")
    for agency in loaded.agencies:
        templates = [agency.command, agency.health, *agency.args]
        templates += [t for legacy in agency.legacy for t in (legacy.command, legacy.health)]
        for template in templates:
            found += [f"{agency.name}: {problem}" for problem in template_problems(template, set(names))]
    return found


def template_problems(template: str, processes: set[str]) -> list[str]:
    """Placeholders that `expand` would not know."""
    found = []
    for match in _PLACEHOLDER.finditer(template):
        name, other = match.groups()
        if other is None and name not in OWN + PLATFORM:
            found.append(f"unknown placeholder {match.group(0)} in {template!r}")
        elif other is not None and (name not in ("port", "url") or other not in processes):
            found.append(f"{match.group(0)} names no process of the file in {template!r}")
    return found


@dataclass(frozen=True)
class Values:
    """What placeholders stand for, for one process."""

    platform: Mapping[str, str | None]  # python, host, data_dir, database_url, nats_url
    ports: Mapping[str, int]  # every process's port
    own: str  # the process's name
    module: str = ""

    def lookup(self, name: str, other: str | None) -> str | None:
        if name in ("port", "url"):
            process = other or self.own
            port = self.ports[process]
            return str(port) if name == "port" else f"http://{self.platform['host']}:{port}"
        if name == "module":
            return self.module
        return self.platform.get(name)


def _fill(token: str, values: Values) -> str | None:
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        value = values.lookup(match.group(1), match.group(2))
        missing = missing or value is None
        return value or ""

    filled = _PLACEHOLDER.sub(replace, token)
    return None if missing else filled


def expand(template: str, values: Values) -> list[str]:
    """A command template as argv; ValueError when a value it needs is not set."""
    argv = [_fill(token, values) for token in shlex.split(template)]
    if any(arg is None for arg in argv):
        raise ValueError(f"{values.own}: {template!r} needs a value that is not set")
    return [arg for arg in argv if arg is not None]


def expand_args(items: tuple[str, ...], values: Values) -> list[str]:
    """The `args` items as argv; an item naming a value that is not set is left out."""
    argv: list[str] = []
    for item in items:
        filled = [_fill(token, values) for token in shlex.split(item)]
        if all(arg is not None for arg in filled):
            argv += [arg for arg in filled if arg is not None]
    return argv


def expand_one(template: str, values: Values) -> str:
    """A single-value template (a health URL)."""
    filled = _fill(template, values)
    if filled is None:
        raise ValueError(f"{values.own}: {template!r} needs a value that is not set")
    return filled
