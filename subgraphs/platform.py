"""`govgraph up`: the whole platform on one machine (what runs, in which order, with what; the
supervisor that runs the processes and heals them is subgraphs/supervisor.py).

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
import json
import os
import re
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subgraphs.agencies import Agency, Values, expand, expand_args, expand_one, load_agencies
from subgraphs.broker import NoBroker, broker_process, default_nats_url
from subgraphs.common.credentials import credential_env, platform_credential
from subgraphs.supervisor import REPO_ROOT, ChildSpec, PlatformError, RestartPolicy, Supervisor

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
APPLY_MUTATION = (
    'mutation { applyForBenefit(input: {citizenId: "%s", kind: UNEMPLOYMENT}) '
    "{ success claim { id status } errors { code message } } }"
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
    # per legacy server, shared with its agency's subgraph only (subgraphs/common/credentials.py):
    # $GOVGRAPH_<PROCESS>_CREDENTIAL or a new one per run, filled in by `credentials_of`
    credentials: dict[str, str] = field(default_factory=dict)


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


def children_environment(options: PlatformOptions) -> dict[str, str]:
    """What `subgraphs/gateway.yaml` and the subgraphs read: the data dir (the gateway's signing key, the
    audit log), the issuer (its JWKS), the gateway's public key (for subgraphs verifying
    x-govgraph-identity), the admin token (for the legacy systems' test hooks); `DATABASE_URL` when
    set. Every child gets it (`Supervisor(..., environment=)`)."""
    database = {"DATABASE_URL": options.database_url} if options.database_url else {}
    return database | {
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


def credentials_of(options: PlatformOptions, processes: Sequence[str]) -> dict[str, str]:
    """The environment carrying these legacy processes' service credentials (made once per run)."""
    for name in processes:
        options.credentials.setdefault(name, platform_credential(name, os.environ))
    return {credential_env(name): options.credentials[name] for name in processes}


def legacy_specs(options: PlatformOptions) -> list[ChildSpec]:
    """The legacy systems that are servers (registry is a database, transport a folder), each with
    its service credential and those of its outside callers (a caseworker system) in its environment."""
    specs = []
    for legacy in (legacy for agency in _wanted(options) for legacy in agency.legacy):
        values = _values(options, legacy.name)
        command = expand(legacy.command, values)
        secret = credentials_of(options, [legacy.name, *legacy.callers])
        specs.append(ChildSpec(legacy.name, command, expand_one(legacy.health, values), secret))
    return specs


def subgraph_specs(options: PlatformOptions) -> list[ChildSpec]:
    specs = []
    for agency in _wanted(options):
        values = _values(options, agency.name, agency.package)
        command = [*expand(agency.command, values), *expand_args(agency.args, values)]
        dev = {"GOVGRAPH_PLAYGROUND": "1"}  # the offline playground for browsers (subgraphs/playground.py)
        dev.update(credentials_of(options, [legacy.name for legacy in agency.legacy]))  # its own only
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


def print_welcome(supervisor: Supervisor, options: PlatformOptions) -> None:
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
        *_caller_lines(options),
        "",
    ]
    lines.append("Ctrl-C stops everything.")
    for line in lines:
        supervisor.write(line)


def _caller_lines(options: PlatformOptions) -> list[str]:
    """The credentials of the systems outside the platform that call a legacy server (a caseworker
    system: `callers` in agencies.yaml), for trying them by hand."""
    lines = []
    for legacy in (legacy for agency in _wanted(options) for legacy in agency.legacy):
        for caller in legacy.callers:
            [(variable, secret)] = credentials_of(options, [caller]).items()
            lines.append(f"  {caller} → {legacy.name} ({_url(options, legacy.name)}): {variable}={secret}")
    return ["Outside callers of the legacy systems (README: Security):", *lines] if lines else []


def watch_claims_lines(options: PlatformOptions, citizen: str, token: str) -> list[str]:
    """How to see a claim change reach the citizen: subscribe over SSE, file a claim through the
    gateway as the citizen, then decide it as the benefits board's caseworker at its legacy API (with
    the caseworkers' credential): the application and the decision are each an event."""
    gateway = _url(options, "gateway", "/graphql")
    [(_, caseworker)] = credentials_of(options, ["benefits-caseworker"]).items()
    decide = _url(options, "benefits-legacy", "/api/v1/claims/<claimNo from that answer>/decision")
    as_json = "-H 'content-type: application/json'"
    bearer = f"-H 'authorization: Bearer {token}'"
    return [
        f"Watch citizen {citizen}'s benefit claims change (GraphQL over SSE; leave it running):",
        f"  curl -N {gateway} -H 'accept: text/event-stream' {as_json} \\",
        f"    {bearer} \\",
        f"    -d '{json.dumps({'query': WATCH_CLAIMS_QUERY})}'",
        "then, in another terminal, file a claim as the citizen (through the gateway):",
        f"  curl -s {gateway} {as_json} {bearer} \\",
        f"    -d '{json.dumps({'query': APPLY_MUTATION % citizen})}'",
        "and decide it as the benefits board's caseworker (its legacy API, the caseworkers' credential):",
        f"  curl -s {decide} {as_json} -H 'authorization: Bearer {caseworker}' \\",
        f"    -d '{json.dumps({'statusCode': 'A', 'amount': '250.00'})}'",
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


def broker_specs(supervisor: Supervisor, options: PlatformOptions) -> list[ChildSpec]:
    """nats-server as a child when no NATS answers at the broker URL (subgraphs/broker.py)."""
    try:
        process = broker_process(options.nats_url, options.data_dir / NATS_DIR)
    except NoBroker as exc:
        supervisor.write(f"govgraph: {exc}")
        return []
    return [] if process is None else [ChildSpec("nats", list(process.command), process.health_url)]


def _start_all(supervisor: Supervisor, options: PlatformOptions) -> None:
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
    first = [*broker_specs(supervisor, options), *legacy_specs(options), issuer_spec(options)]
    supervisor.wait_healthy([supervisor.start(spec) for spec in first])
    supervisor.wait_healthy([supervisor.start(spec) for spec in subgraph_specs(options)])
    supervisor.wait_healthy([supervisor.start(gateway_spec(options))])  # after the issuer: a dev token


def run_platform(options: PlatformOptions, write: Callable[[str], None] | None = None) -> int:
    """Run until Ctrl-C/SIGTERM (returns 0) or until something fails (returns 1)."""
    supervisor = Supervisor(options, write, children_environment(options))

    def on_signal(signum: int, frame: object) -> None:
        supervisor.stop_signal = signum

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _start_all(supervisor, options)
        print_welcome(supervisor, options)
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
