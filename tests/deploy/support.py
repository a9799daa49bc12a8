"""Reading the deployment files of deploy/ for the tests: manifests, compose services, the Dockerfile,
and the project's real command-line parsers (no Docker or cluster is needed)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import io
import json
import re
import shlex
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import yaml

from subgraphs.agencies import load_agencies
from subgraphs.common.credentials import credential_env

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = DEPLOY / "Dockerfile.dockerignore"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
IMAGE = "govgraph"  # the project's image name in compose.yaml and deploy/k8s
CLUSTER_SCOPED = {"Namespace"}
WORKLOADS = {"Deployment", "StatefulSet", "Job"}


# -- Kubernetes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class K8sObject:
    file: str
    doc: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.doc.get("kind"))

    @property
    def name(self) -> str:
        return str(self.doc.get("metadata", {}).get("name"))

    @property
    def ref(self) -> str:
        return f"{self.file}: {self.kind}/{self.name}"

    @property
    def pod_spec(self) -> dict[str, Any]:
        return dict(self.doc["spec"]["template"]["spec"])

    @property
    def pod_labels(self) -> dict[str, str]:
        return dict(self.doc["spec"]["template"]["metadata"].get("labels", {}))


def load_yaml_documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def k8s_objects() -> list[K8sObject]:
    return [
        K8sObject(path.name, doc)
        for path in sorted(K8S.glob("*.yaml"))
        if path.name != "kustomization.yaml"
        for doc in load_yaml_documents(path)
    ]


def kustomization() -> dict[str, Any]:
    return dict(yaml.safe_load((K8S / "kustomization.yaml").read_text()))


def of_kind(objects: list[K8sObject], *kinds: str) -> list[K8sObject]:
    return [obj for obj in objects if obj.kind in kinds]


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def all_containers(pod_spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [*pod_spec.get("initContainers", []), *pod_spec.get("containers", [])]


def declared_ports(container: dict[str, Any]) -> set[int | str]:
    ports: set[int | str] = set()
    for port in container.get("ports", []):
        ports.add(int(port["containerPort"]))
        if "name" in port:
            ports.add(str(port["name"]))
    return ports


def container_port(container: dict[str, Any], port: int | str) -> int:
    """A probe's or Service's port (number or name) as the container's port number."""
    for declared in container.get("ports", []):
        if port in (declared["containerPort"], declared.get("name")):
            return int(declared["containerPort"])
    raise LookupError(f"container {container['name']} declares no port {port!r}")


# -- the image: Dockerfile stages and instructions -------------------------------------------------
@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)  # (KEYWORD, rest of the line)

    def all(self, keyword: str) -> list[str]:
        return [rest for key, rest in self.instructions if key == keyword]

    def exec_form(self, keyword: str) -> list[str]:
        """The JSON (exec) form of the stage's last ENTRYPOINT/CMD; shell form is an error."""
        value = self.all(keyword)[-1]
        parsed = json.loads(value)
        assert isinstance(parsed, list), f"{keyword} must use the exec (JSON) form, got {value}"
        return [str(part) for part in parsed]


def dockerfile_lines(text: str) -> Iterator[str]:
    """Logical lines: comments dropped, backslash continuations joined."""
    pending = ""
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):  # also inside a continuation, as Docker does
            continue
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        line = (pending + raw).strip()
        pending = ""
        if line:
            yield line


def dockerfile_stages(text: str | None = None) -> list[Stage]:
    text = DOCKERFILE.read_text() if text is None else text
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in dockerfile_lines(text):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "ARG" and not stages and "=" in rest:
            key, _, value = rest.partition("=")
            args[key.strip()] = value.strip()
        elif keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), words[0])
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name, base))
        elif stages:
            stages[-1].instructions.append((keyword, rest.strip()))
    return stages


def copy_sources(stage: Stage) -> list[str]:
    """The build-context paths a stage COPYs (not those copied --from another stage)."""
    found = []
    for rest in stage.all("COPY"):
        words = shlex.split(rest)
        if any(word.startswith("--from") for word in words):
            continue
        found += [word for word in words[:-1] if not word.startswith("--")]
    return found


def _ignore_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as Go's filepath.Match sees it (`*` stays within one folder), plus `**`."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        else:
            out += {"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i]))
            i += 1
    return re.compile(out + "$")


def dockerignore_excludes(path: str, rules: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders decides."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for rule in rules:
        negated = rule.startswith("!")
        regex = _ignore_regex(rule.removeprefix("!").strip("/"))
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negated
    return excluded


def dockerignore_rules() -> list[str]:
    lines = (line.strip() for line in DOCKERIGNORE.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


# -- compose --------------------------------------------------------------------------------------
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text()))


def compose_argv(service: dict[str, Any], runtime: Stage) -> list[str]:
    """What the container runs: an entrypoint override also drops the image's CMD."""
    if "entrypoint" in service:
        return [*service["entrypoint"], *service.get("command", [])]
    return [*runtime.exec_form("ENTRYPOINT"), *service.get("command", runtime.exec_form("CMD"))]


def k8s_argv(container: dict[str, Any], runtime: Stage) -> list[str]:
    """Kubernetes: `command` replaces ENTRYPOINT (and then the image's CMD is not used), `args` CMD."""
    if "command" in container:
        return [*container["command"], *container.get("args", [])]
    return [*runtime.exec_form("ENTRYPOINT"), *container.get("args", runtime.exec_form("CMD"))]


# -- the real command-line parsers -------------------------------------------------------------
class CliRejected(AssertionError):
    pass


class _Parsed(Exception):
    def __init__(self, namespace: argparse.Namespace) -> None:
        self.namespace = namespace


def console_scripts() -> dict[str, str]:
    return dict(PYPROJECT["project"]["scripts"])


def _load(target: str) -> Callable[..., Any]:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or "main")


def entry_point(argv: list[str]) -> tuple[Callable[..., Any], list[str]]:
    """The `main` a container's argv ends up in, and the arguments it gets."""
    scripts = console_scripts()
    if argv[0] in scripts:
        return _load(scripts[argv[0]]), argv[1:]
    if argv[0] in ("python", "python3") and argv[1] == "-m":
        spec = importlib.util.find_spec(argv[2])
        assert spec is not None, f"no module {argv[2]}"
        module = f"{argv[2]}.__main__" if spec.submodule_search_locations else argv[2]
        return _load(module), argv[3:]
    raise AssertionError(f"neither a console script of pyproject.toml nor `python -m`: {argv}")


def parse_with_real_cli(argv: list[str]) -> argparse.Namespace:
    """Run the program's own main() up to its parse_args() and return the parsed namespace.

    argparse.ArgumentParser.parse_args (the standard library's) is wrapped so that main() stops right
    after parsing: the real parser with its real types and choices decides; nothing starts."""
    main, rest = entry_point(argv)
    original = argparse.ArgumentParser.parse_args

    def capture(self: argparse.ArgumentParser, args: Any = None, namespace: Any = None) -> Any:
        raise _Parsed(original(self, args, namespace))

    errors = io.StringIO()
    with (
        mock.patch.object(argparse.ArgumentParser, "parse_args", capture),
        contextlib.redirect_stderr(errors),
    ):
        try:
            main(rest)
        except _Parsed as parsed:
            return parsed.namespace
        except SystemExit as exit_:
            raise CliRejected(f"{shlex.join(argv)}: exit {exit_.code}: {errors.getvalue().strip()}") from None
    raise AssertionError(f"{argv}: main() returned without parsing its arguments")


def is_inline_python(argv: list[str]) -> bool:
    return len(argv) >= 3 and argv[0] in ("python", "python3") and argv[1] == "-c"


def urls_in(namespace: argparse.Namespace) -> list[str]:
    """Every URL an option holds (NAME=URL pairs included)."""
    found = []
    for value in vars(namespace).values():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            text = item.partition("=")[2] if re.match(r"^[\w-]+=\w+://", item) else item
            if re.match(r"^\w+(\+\w+)?://", text):
                found.append(text)
    return found


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme, 0)
    return str(parts.hostname), int(parts.port or default)


def normalise_hosts(argv: list[str], hosts: set[str], to: str) -> list[str]:
    """Rewrite http://<one of hosts>:PORT to http://<to>:PORT."""
    pattern = re.compile(r"(http://)(" + "|".join(map(re.escape, sorted(hosts))) + r")(:\d+)")
    return [pattern.sub(lambda m: m.group(1) + to + m.group(3), arg) for arg in argv]


def platform_commands(
    host: str, data_dir: str, database_url: str | None, nats_url: str = "nats://nats:4222"
) -> dict[str, list[str]]:
    """What `govgraph up` (subgraphs/platform.py) runs for each legacy server, the dev issuer, each
    subgraph and datagen."""
    from subgraphs.platform import PlatformOptions, datagen_spec, issuer_spec, legacy_specs, subgraph_specs

    options = PlatformOptions(
        data_dir=Path(data_dir), database_url=database_url, nats_url=nats_url, host=host, python="python"
    )
    specs = [*legacy_specs(options), issuer_spec(options), *subgraph_specs(options), datagen_spec(options)]
    return {spec.name: spec.command for spec in specs}


def supergraph_subgraph_names() -> set[str]:
    text = (REPO / "schema" / "supergraph.graphql").read_text()
    return set(re.findall(r'@join__graph\(\s*name:\s*"([\w-]+)"', text))


def legacy_credential_holders() -> dict[str, set[str]]:
    """Per credential of agencies.yaml, the processes that must hold it: a legacy system's, that system
    and its subgraph; an outside caller's (a caseworker system), the legacy system it calls only."""
    legacy = [(agency.name, process) for agency in load_agencies().agencies for process in agency.legacy]
    holders = {credential_env(process.name): {process.name, agency} for agency, process in legacy}
    callers = {credential_env(c): {process.name} for _, process in legacy for c in process.callers}
    return holders | callers
