"""The process supervisor behind `govgraph up`: the whole platform on one machine.

`run_platform(options)` generates the data when it is missing (`python -m subgraphs.datagen`) and
the gateway's identity signing keypair (`<data-dir>/identity/gateway-key.pem`, public key beside it),
starts the event broker when none answers at `--nats-url` (nats-server, `subgraphs/broker.py`), the
legacy servers and the dev identity issuer, then the agency subgraphs (only agencies whose
package exists), then the gateway (which agencies, their commands, legacy processes and ports:
`subgraphs/agencies.yaml`), each as a child process in its own process group, waits until each
answers its health URL, prints the URLs, a first query and dev tokens to try, and then watches them.
Ctrl-C or SIGTERM stops every child (SIGTERM to its process group, SIGKILL after a grace
period). Once the platform is up, a child that dies on its own is restarted with backoff while the
rest keep running; one that keeps crashing stops the rest and makes `run_platform` return 1, naming
it (subgraphs/supervisor.py); during start-up any death does that at once. On Linux each child
also gets a parent-death signal, so even a supervisor killed with SIGKILL leaves no orphans behind.

    python -m subgraphs.platform [--citizens N] [--data-dir DIR] [--database-url URL] [--nats-url URL]
                                 [--port NAME=PORT ...] [--gateway-command CMD]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subgraphs.agencies import Agency, Values, expand, expand_args, expand_one, load_agencies
from subgraphs.broker import NoBroker, broker_process, default_nats_url
from subgraphs.supervisor import Healer, PlatformError, RestartPolicy, describe_exit

REPO_ROOT = Path(__file__).resolve().parent.parent
SUBGRAPHS_DIR = REPO_ROOT / "subgraphs"
DEFAULT_DATA_DIR = REPO_ROOT / ".govgraph" / "data"
DEFAULT_SUPERGRAPH = REPO_ROOT / "schema" / "supergraph.graphql"
LOCAL_SUPERGRAPH = "supergraph.local.graphql"  # written into the data dir when ports differ
UNFINISHED_MARKER = ".generating"
IDENTITY_DIR = "identity"  # keys: the dev issuer's, the gateway's signing keypair
NATS_DIR = "nats"  # the JetStream store of a nats-server `govgraph up` started (subgraphs/broker.py)
AGENCIES_FILE = load_agencies()  # subgraphs/agencies.yaml: the agencies, their ports and commands
AGENCIES = AGENCIES_FILE.names
DEFAULT_PORTS = AGENCIES_FILE.ports()
ADMIN_TOKEN_ENV = "GOVGRAPH_ADMIN_TOKEN"  # as subgraphs/common/admin.py reads it
GATEWAY_CONFIG = Path(__file__).resolve().parent / "gateway.yaml"  # header rules for the agencies
DEFAULT_GATEWAY_COMMAND = (
    "{python} -m gateway serve --config {config} --supergraph {supergraph} --host {host} --port {port}"
)
WELCOME_TOKEN_SECONDS = 8 * 3600
OFFICIAL_SCOPES = ["registry:read", "tax:read"]
DASHBOARD_QUERY = (
    "query Dashboard { me { givenName familyName address { street city } taxAccount { balance dueDate } "
    "vehicles { registrationNumber make inspectionValidUntil } benefitClaims { kind status } "
    "eligibleServices { name agency { name } howToApply } } }"
)
WATCH_CLAIMS_QUERY = (
    "subscription { myBenefitClaimChanged { id kind status decidedAt citizen { givenName } } }"
)
# Linux: ask the kernel to SIGTERM the child when the supervisor dies, then exec the real command.
_GUARD = (
    "import ctypes,os,sys\n"
    "if sys.platform.startswith('linux'):\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(1, 15)\n"
    "    if os.getppid() != int(sys.argv[1]): os._exit(1)\n"
    "os.execvp(sys.argv[2], sys.argv[2:])\n"
)


@dataclass
class PlatformOptions:
    data_dir: Path = DEFAULT_DATA_DIR
    citizens: int = 3000
    seed: int = 42
    database_url: str | None = None
    nats_url: str = field(default_factory=default_nats_url)  # the event broker; started when absent
    regenerate: bool = False
    host: str = "127.0.0.1"
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    supergraph: Path = DEFAULT_SUPERGRAPH
    gateway_command: str = DEFAULT_GATEWAY_COMMAND  # {python} {config} {supergraph} {host} {port} filled in
    agencies: tuple[str, ...] = AGENCIES  # wanted; only those whose package exists are started
    startup_timeout: float = 60.0
    grace_period: float = 5.0
    restart: RestartPolicy = field(default_factory=RestartPolicy)  # for children crashing once up
    python: str = sys.executable
    # opens the legacy systems' test hooks (subgraphs/common/admin.py): $GOVGRAPH_ADMIN_TOKEN or a new one
    admin_token: str = field(
        default_factory=lambda: os.environ.get(ADMIN_TOKEN_ENV) or secrets.token_urlsafe(32)
    )


@dataclass
class ChildSpec:
    name: str
    command: list[str]
    health_url: str | None  # None: a job that runs to completion (the data generator)
    env: dict[str, str] = field(default_factory=dict)  # added to the supervisor's environment


@dataclass
class Child:
    spec: ChildSpec
    process: subprocess.Popen[bytes]
    output: threading.Thread

    @property
    def name(self) -> str:
        return self.spec.name


def _admin_token() -> str:
    """$GOVGRAPH_ADMIN_TOKEN, or a new one for this run (subgraphs/common/admin.py)."""
    return os.environ.get(ADMIN_TOKEN_ENV) or secrets.token_urlsafe(32)


# -- what to start -----------------------------------------------------------------------
def _module_exists(dotted: str) -> bool:
    path = REPO_ROOT.joinpath(*dotted.split("."))
    return (path / "__main__.py").exists() or path.with_suffix(".py").exists()


def _url(options: PlatformOptions, name: str, path: str = "") -> str:
    return f"http://{options.host}:{options.ports[name]}{path}"


def gateway_key(options: PlatformOptions) -> Path:
    """The gateway's identity signing key (EdDSA); its public key is `gateway-key.pub.pem` beside it."""
    return options.data_dir / IDENTITY_DIR / "gateway-key.pem"


def issuer_spec(options: PlatformOptions) -> ChildSpec:
    """The dev identity issuer (its key in `<data-dir>/identity/`); it also makes sure the gateway's
    keypair exists, for deployments without this supervisor."""
    command = [options.python, "-m", "subgraphs.issuer", "--host", options.host]
    command += ["--port", str(options.ports["issuer"]), "--data-dir", str(options.data_dir)]
    command += ["--gateway-key", str(gateway_key(options))]
    return ChildSpec("issuer", command, _url(options, "issuer", "/health"))


def identity_environment(options: PlatformOptions) -> dict[str, str]:
    """What `subgraphs/gateway.yaml` and the subgraphs read: the data dir (the gateway's signing key, the
    audit log), the issuer (its JWKS), the gateway's public key (for subgraphs verifying
    x-govgraph-identity), the admin token (for the legacy systems' test hooks)."""
    return {
        "GOVGRAPH_DATA_DIR": str(options.data_dir),
        "GOVGRAPH_ISSUER_URL": _url(options, "issuer"),
        "GOVGRAPH_GATEWAY_PUBLIC_KEY": str(gateway_key(options).with_name("gateway-key.pub.pem")),
        ADMIN_TOKEN_ENV: options.admin_token,
        "GOVGRAPH_AUDIT_FILE": str(options.data_dir / "audit.sqlite"),  # gateway.yaml: audit.file
    }


def _values(options: PlatformOptions, own: str, module: str = "") -> Values:
    platform: dict[str, str | None] = {"python": options.python, "host": options.host}
    platform.update(
        data_dir=str(options.data_dir), database_url=options.database_url, nats_url=options.nats_url
    )
    return Values(platform, options.ports, own, module)


def _wanted(options: PlatformOptions) -> list[Agency]:
    """The agencies of the file that are asked for and whose package exists."""
    return [a for a in AGENCIES_FILE.agencies if a.name in options.agencies and _module_exists(a.package)]


def legacy_specs(options: PlatformOptions) -> list[ChildSpec]:
    """The legacy systems that are servers (registry is a database, transport a folder)."""
    specs = []
    for legacy in (legacy for agency in _wanted(options) for legacy in agency.legacy):
        values = _values(options, legacy.name)
        command = expand(legacy.command, values)
        specs.append(ChildSpec(legacy.name, command, expand_one(legacy.health, values)))
    return specs


def subgraph_specs(options: PlatformOptions) -> list[ChildSpec]:
    specs = []
    for agency in _wanted(options):
        values = _values(options, agency.name, agency.package)
        command = [*expand(agency.command, values), *expand_args(agency.args, values)]
        dev = {"GOVGRAPH_PLAYGROUND": "1"}  # the offline playground for browsers (subgraphs/playground.py)
        specs.append(ChildSpec(agency.name, command, expand_one(agency.health, values), dev))
    return specs


def local_supergraph(options: PlatformOptions) -> Path:
    """The supergraph with each subgraph's URL pointing at the port it runs on here."""
    if not options.supergraph.exists():
        return options.supergraph
    text = options.supergraph.read_text()
    pattern = re.compile(r'(@join__graph\(\s*name:\s*"([\w-]+)"\s*,\s*url:\s*")([^"]*)(")')

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        url = _url(options, name, "/graphql") if name in options.ports else match.group(3)
        return match.group(1) + url + match.group(4)

    local = pattern.sub(replace, text)
    if local == text:
        return options.supergraph
    path = options.data_dir / LOCAL_SUPERGRAPH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(local)
    return path


def gateway_spec(options: PlatformOptions) -> ChildSpec:
    values = {
        "python": options.python,
        "config": str(GATEWAY_CONFIG),
        "supergraph": str(local_supergraph(options)),
        "host": options.host,
        "port": str(options.ports["gateway"]),
    }
    command = [part.format(**values) for part in shlex.split(options.gateway_command)]
    # the playground's headers editor starts signed in as a demo citizen (subgraphs/gateway.yaml)
    citizen = sample_citizen_id(options.data_dir)
    tokens = dev_tokens(options, citizen) if citizen else None
    demo = {"GOVGRAPH_DEV_AUTHORIZATION": f"Bearer {tokens[0]}" if tokens else ""}
    return ChildSpec("gateway", command, _url(options, "gateway", "/health"), demo)


def datagen_spec(options: PlatformOptions) -> ChildSpec:
    command = [options.python, "-m", "subgraphs.datagen", "--citizens", str(options.citizens)]
    command += ["--seed", str(options.seed), "--data-dir", str(options.data_dir)]
    if options.database_url:
        command += ["--database-url", options.database_url]
    return ChildSpec("datagen", command, None)


def data_missing(options: PlatformOptions) -> bool:
    """Generate when asked to, when there is no data, or when a previous generation was cut short."""
    folder = options.data_dir
    if options.regenerate or not folder.is_dir() or (folder / UNFINISHED_MARKER).exists():
        return True
    return not any(entry.name not in (LOCAL_SUPERGRAPH, IDENTITY_DIR, NATS_DIR) for entry in folder.iterdir())


def sample_citizen_id(data_dir: Path) -> str | None:
    """A real generated person who owns a vehicle (first owner row of the newest transport export)."""
    try:
        from subgraphs.transport.codec import decode_record
        from subgraphs.transport.export import find_exports, iter_frames, load_record_sets

        folder = data_dir / "transport"
        exports = find_exports(folder)
        if not exports:
            return None
        owners = load_record_sets(folder)["OWNERS"]
        for number, data in iter_frames(exports[0].paths["OWNERS"].read_bytes()):
            if number > 1 and len(data) == owners.detail.length:
                return str(decode_record(owners.detail, data)["OWN-PERSON-CODE"])
    except (ImportError, OSError, ValueError, KeyError):
        return None
    return None


# -- running children ----------------------------------------------------------------------
def _pump(name: str, stream: object, write: Callable[[str], None]) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        write(f"{name:>16} | {raw.decode(errors='replace').rstrip()}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (OSError, ValueError):
        return False


class Supervisor:
    def __init__(self, options: PlatformOptions, write: Callable[[str], None] | None = None) -> None:
        self.options = options
        self.children: list[Child] = []
        self.stop_signal: int | None = None
        self._lock = threading.Lock()
        self._write_raw = write or (lambda line: print(line, flush=True))

    def write(self, line: str) -> None:
        with self._lock:
            self._write_raw(line)

    def start(self, spec: ChildSpec) -> Child:
        guarded = [self.options.python, "-c", _GUARD, str(os.getpid()), *spec.command]
        env = dict(os.environ, PYTHONUNBUFFERED="1", **identity_environment(self.options), **spec.env)
        if self.options.database_url:
            env["DATABASE_URL"] = self.options.database_url
        process = subprocess.Popen(
            guarded,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: the terminal's Ctrl-C reaches only us
        )
        pump = threading.Thread(target=_pump, args=(spec.name, process.stdout, self.write), daemon=True)
        pump.start()
        child = Child(spec, process, pump)
        self.children.append(child)
        self.write(f"govgraph: started {spec.name} (pid {process.pid}): {shlex.join(spec.command)}")
        return child

    def check_children(self) -> None:
        """Raise PlatformError naming the first child that is gone."""
        for child in self.children:
            code = child.process.poll()
            if code is not None:
                raise PlatformError(f"{child.name} (pid {child.process.pid}) {describe_exit(code)}")

    def _check_stop(self) -> None:
        if self.stop_signal is not None:
            raise KeyboardInterrupt

    def wait_healthy(self, children: Sequence[Child]) -> None:
        deadline = time.monotonic() + self.options.startup_timeout
        pending = [c for c in children if c.spec.health_url]
        while pending:
            self._check_stop()
            self.check_children()
            pending = [c for c in pending if not _healthy(str(c.spec.health_url))]
            if pending and time.monotonic() > deadline:
                names = ", ".join(f"{c.name} ({c.spec.health_url})" for c in pending)
                raise PlatformError(f"not healthy after {self.options.startup_timeout:.0f}s: {names}")
            if pending:
                time.sleep(0.2)

    def run_job(self, spec: ChildSpec) -> None:
        child = self.start(spec)
        while child.process.poll() is None:
            self._check_stop()
            time.sleep(0.2)
        child.output.join(timeout=5)
        self.children.remove(child)
        if child.process.returncode != 0:
            raise PlatformError(f"{spec.name} {describe_exit(child.process.returncode)}")

    def monitor(self) -> None:
        """Restart crashed children (subgraphs/supervisor.py) until Ctrl-C or a crash loop."""
        healer: Healer[ChildSpec] = Healer(self.options.restart)
        while True:
            self._check_stop()
            for child in [c for c in self.children if c.process.poll() is not None]:
                self._crashed(healer, child, describe_exit(child.process.returncode))
            for child in [c for c in self.children if c.name in healer.probation]:
                url = child.spec.health_url
                verdict = healer.verdict(child.name, url is None or _healthy(url))
                if verdict:
                    self.write(f"govgraph: {child.name} (pid {child.process.pid}) is healthy again")
                elif verdict is False:
                    timeout = self.options.restart.health_timeout
                    self._crashed(healer, child, f"was not healthy {timeout:g}s after its restart")
            for spec in healer.due():
                self.start(spec)
                healer.restarted(spec.name)
            time.sleep(0.2)

    def _crashed(self, healer: Healer[ChildSpec], child: Child, how: str) -> None:
        """`child` is gone or useless: kill what is left of it, restart it later (or give up)."""
        self.children.remove(child)
        _signal_group(child.process, signal.SIGKILL)  # whatever it spawned goes with it
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.process.wait(timeout=5)
        line = healer.crashed(child.name, child.spec, f"{child.name} (pid {child.process.pid}) {how}")
        self.write(f"govgraph: {line}")

    def stop_all(self) -> None:
        """SIGTERM every child's process group, SIGKILL what is left after the grace period."""
        for child in reversed(self.children):
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + self.options.grace_period
        for child in self.children:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.write(f"govgraph: {child.name} ignored SIGTERM, killing it")
        for child in self.children:
            _signal_group(child.process, signal.SIGKILL)  # also reaches anything the child spawned
            child.process.wait()
            child.output.join(timeout=2)
        self.children.clear()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def dev_tokens(options: PlatformOptions, citizen: str) -> tuple[str, str] | None:
    """A citizen's and an official's token from the running issuer (None when it does not answer)."""
    from subgraphs.issuer.command import request_token

    url = _url(options, "issuer")
    try:
        return (
            request_token(url, {"citizen": citizen, "expires_in": WELCOME_TOKEN_SECONDS}),
            request_token(
                url,
                {"official": "Demo Official", "scopes": OFFICIAL_SCOPES, "expires_in": WELCOME_TOKEN_SECONDS},
            ),
        )
    except SystemExit:  # request_token's way of saying the issuer did not answer
        return None


def print_welcome(supervisor: Supervisor) -> None:
    options = supervisor.options
    gateway = _url(options, "gateway", "/graphql")
    lines = ["", "govgraph is up:", f"  gateway    {gateway}  (open it in a browser: the playground)"]
    for child in supervisor.children:
        if child.name in AGENCIES:
            lines.append(f"  {child.name:<10} {_url(options, child.name, '/graphql')}")
    citizen = sample_citizen_id(options.data_dir) or "<personal code>"
    tokens = dev_tokens(options, citizen) if citizen != "<personal code>" else None
    citizen_token = tokens[0] if tokens else "<a token from `govgraph token --citizen ID`>"
    body = '{"query": "' + DASHBOARD_QUERY + '"}'
    lines += [
        "",
        f"Try the Dashboard of citizen {citizen}:",
        f"  curl -s {_url(options, 'gateway', '/graphql')} -H 'content-type: application/json' \\",
        f"    -H 'authorization: Bearer {citizen_token}' \\",
        f"    -d '{body}'",
        "",
    ]
    if any(child.name == "benefits" for child in supervisor.children):
        lines += watch_claims_lines(options, citizen, citizen_token)
    if tokens is not None:
        lines += [
            f"Bearer tokens from the dev issuer ({_url(options, 'issuer')}), valid "
            f"{WELCOME_TOKEN_SECONDS // 3600} h; more with `govgraph token --citizen ID` or "
            "`govgraph token --official NAME --scope tax:read`:",
            f"  citizen {citizen}:",
            f"    {tokens[0]}",
            f"  official (scopes {' '.join(OFFICIAL_SCOPES)}; send a purpose with -H 'x-purpose: ...'):",
            f"    {tokens[1]}",
            "",
        ]
    lines += [
        f"Audit trail: {options.data_dir / 'audit.sqlite'} (`govgraph audit verify --file ...`).",
        f"Legacy test hooks (/_admin, /_stats): -H 'authorization: Bearer {options.admin_token}'",
        "",
    ]
    lines.append("Ctrl-C stops everything.")
    for line in lines:
        supervisor.write(line)


def watch_claims_lines(options: PlatformOptions, citizen: str, token: str) -> list[str]:
    """How to see a claim change reach the citizen: subscribe over SSE, then act as the benefits
    board's caseworker at its legacy API (a new application and a decision are each an event)."""
    legacy = _url(options, "benefits-legacy", "/api/v1")
    as_json = "-H 'content-type: application/json'"
    application = json.dumps({"personCode": citizen, "benefitCode": "UB"})
    decision = json.dumps({"statusCode": "A", "amount": "250.00"})
    return [
        f"Watch citizen {citizen}'s benefit claims change (GraphQL over SSE; leave it running):",
        f"  curl -N {_url(options, 'gateway', '/graphql')} -H 'accept: text/event-stream' {as_json} \\",
        f"    -H 'authorization: Bearer {token}' \\",
        f"    -d '{json.dumps({'query': WATCH_CLAIMS_QUERY})}'",
        "then, as the benefits board's caseworker in another terminal, file a claim and decide it:",
        f"  curl -s {legacy}/applications {as_json} -d '{application}'",
        f"  curl -s {legacy}/claims/<claimNo from that answer>/decision {as_json} -d '{decision}'",
        "",
    ]


def check_ports_free(options: PlatformOptions, names: Sequence[str]) -> None:
    """Fail early, naming the port, instead of letting a child die on 'address already in use'."""
    for name in names:
        port = options.ports[name]
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            try:
                sock.bind((options.host, port))
            except OSError as exc:
                raise PlatformError(f"port {port} for {name} is not free ({exc.strerror})") from None


def broker_specs(supervisor: Supervisor) -> list[ChildSpec]:
    """nats-server as a child when no NATS answers at the broker URL (subgraphs/broker.py)."""
    try:
        process = broker_process(supervisor.options.nats_url, supervisor.options.data_dir / NATS_DIR)
    except NoBroker as exc:
        supervisor.write(f"govgraph: {exc}")
        return []
    return [] if process is None else [ChildSpec("nats", list(process.command), process.health_url)]


def _start_all(supervisor: Supervisor) -> None:
    options = supervisor.options
    names = [spec.name for spec in [*legacy_specs(options), issuer_spec(options), *subgraph_specs(options)]]
    check_ports_free(options, [*names, "gateway"])
    if data_missing(options):
        supervisor.write(f"govgraph: generating {options.citizens} citizens into {options.data_dir}")
        options.data_dir.mkdir(parents=True, exist_ok=True)
        unfinished = options.data_dir / UNFINISHED_MARKER
        unfinished.write_text("python -m subgraphs.datagen did not finish; `govgraph up` will regenerate\n")
        supervisor.run_job(datagen_spec(options))
        unfinished.unlink()
    from subgraphs.common.keys import ensure_keypair

    ensure_keypair(gateway_key(options), "EdDSA")
    first = [*broker_specs(supervisor), *legacy_specs(options), issuer_spec(options)]
    supervisor.wait_healthy([supervisor.start(spec) for spec in first])
    supervisor.wait_healthy([supervisor.start(spec) for spec in subgraph_specs(options)])
    supervisor.wait_healthy([supervisor.start(gateway_spec(options))])  # after the issuer: a dev token


def run_platform(options: PlatformOptions, write: Callable[[str], None] | None = None) -> int:
    """Run until Ctrl-C/SIGTERM (returns 0) or until something fails (returns 1)."""
    supervisor = Supervisor(options, write)

    def on_signal(signum: int, frame: object) -> None:
        supervisor.stop_signal = signum

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _start_all(supervisor)
        print_welcome(supervisor)
        supervisor.monitor()
    except KeyboardInterrupt:
        supervisor.write("govgraph: stopping")
        return 0
    except PlatformError as exc:
        supervisor.write(f"govgraph: {exc}; stopping the platform")
        return 1
    finally:
        supervisor.stop_all()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


# -- command line (the lead wires these into `govgraph up`) ----------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--citizens", type=int, default=3000, help="size of generated data")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--nats-url", default=default_nats_url(), help="the event broker; started when absent"
    )
    parser.add_argument("--regenerate", action="store_true", help="generate data even if present")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port",
        action="append",
        default=[],
        metavar="NAME=PORT",
        help=f"override a port: {sorted(DEFAULT_PORTS)}",
    )
    parser.add_argument("--gateway-port", type=int, help="same as --port gateway=PORT")
    parser.add_argument("--supergraph", type=Path, default=DEFAULT_SUPERGRAPH)
    parser.add_argument("--gateway-command", default=DEFAULT_GATEWAY_COMMAND)
    parser.add_argument("--startup-timeout", type=float, default=60.0)
    parser.add_argument("--grace-period", type=float, default=5.0)


def options_from_args(args: argparse.Namespace) -> PlatformOptions:
    ports = dict(DEFAULT_PORTS)
    for item in args.port:
        name, _, value = item.partition("=")
        if name not in ports or not value.isdigit():
            raise SystemExit(f"--port expects NAME=PORT with NAME one of {sorted(ports)}, got {item!r}")
        ports[name] = int(value)
    if args.gateway_port is not None:
        ports["gateway"] = args.gateway_port
    return PlatformOptions(
        data_dir=args.data_dir.resolve(),
        citizens=args.citizens,
        seed=args.seed,
        database_url=args.database_url,
        nats_url=args.nats_url,
        regenerate=args.regenerate,
        host=args.host,
        ports=ports,
        supergraph=args.supergraph.resolve(),
        gateway_command=args.gateway_command,
        startup_timeout=args.startup_timeout,
        grace_period=args.grace_period,
    )


def _run_from_args(args: argparse.Namespace) -> int:
    return run_platform(options_from_args(args))


def register_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`govgraph up`: registered through the `govgraph.commands` entry point (the platform extra),
    so the gateway's own command line never imports the demo platform."""
    up = commands.add_parser("up", help="run the whole platform locally (legacy systems, subgraphs, gateway)")
    add_arguments(up)
    up.set_defaults(run=_run_from_args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govgraph up", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run_platform(options_from_args(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
