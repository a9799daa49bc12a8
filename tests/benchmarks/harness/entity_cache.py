"""The Dashboard with the platform's caches on (`subgraphs/gateway.yaml`) and off: a second gateway over
the same agencies, its config the platform's without the `cache` section; and the subgraph requests per
Dashboard either way, counted through the recording proxy over several Dashboards in a row (so a cache
that kept anything from the first one would show)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from tests.benchmarks.harness.capture import CaptureProxy
from tests.benchmarks.harness.processes import REPO, Process, free_port, post, wait_ready

if TYPE_CHECKING:
    from tests.benchmarks.harness.dashboard import Platform

AGENCIES = ("registry", "tax", "transport", "benefits", "services")
REPEAT = 5


def config_without_cache(folder: Path) -> Path:
    """`subgraphs/gateway.yaml` less its `cache` section (placeholders such as `${...}` kept as text)."""
    from subgraphs.platform import GATEWAY_CONFIG

    config = yaml.safe_load(GATEWAY_CONFIG.read_text())
    config.pop("cache", None)
    path = folder / "gateway-no-cache.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@contextlib.contextmanager
def side_gateway(
    platform: Platform, config: Path, urls: dict[str, str], folder: Path, name: str, cpu: int | None = None
) -> Iterator[str]:
    """A gateway with `config` over `urls` (subgraph name -> URL), the platform's identity and its own
    audit file; yields its /graphql URL."""
    port = free_port()
    supergraph = str(REPO / "schema/supergraph.graphql")
    command = [sys.executable, "-m", "gateway", "serve", "--supergraph", supergraph]
    command += ["--port", str(port), "--log-level", "warning", "--config", str(config), "--no-dedup"]
    for subgraph, url in urls.items():
        command += ["--subgraph-url", f"{subgraph}={url}"]
    env = {
        "GOVGRAPH_DATA_DIR": str(platform.data_dir),
        "GOVGRAPH_ISSUER_URL": platform.url("issuer", ""),
        "GOVGRAPH_AUDIT_FILE": str(folder / f"{name}-audit.sqlite"),
    }
    gateway = Process(name, command, folder / f"{name}.log").start(cpu, env)
    try:
        wait_ready(gateway, f"http://127.0.0.1:{port}/health", None)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        gateway.stop()


def requests_per_dashboard(
    platform: Platform, config: Path, body: bytes, headers: dict[str, str], folder: Path, name: str
) -> float:
    """Subgraph requests per Dashboard over `REPEAT` Dashboards in a row through a gateway with `config`."""
    proxy = CaptureProxy({n: platform.url(n) for n in AGENCIES if n in platform.ports}).start()
    try:
        urls = {n: proxy.url(n) for n in proxy.upstreams}
        with side_gateway(platform, config, urls, folder, name) as url:
            proxy.calls.clear()
            for _ in range(REPEAT):
                post(url, body, headers)
            return len(proxy.calls) / REPEAT
    finally:
        proxy.stop()


@contextlib.contextmanager
def caches_on_and_off(
    platform: Platform, body: bytes, headers: dict[str, str], folder: Path, cpu: int | None
) -> Iterator[tuple[str, dict[str, float]]]:
    """A gateway without caches over the platform's agencies (its /graphql URL, on `cpu`), and the
    subgraph requests per Dashboard with the platform's caches (`on`) and without (`off`)."""
    from subgraphs.platform import GATEWAY_CONFIG

    no_cache = config_without_cache(folder)
    counts = {
        "on": requests_per_dashboard(platform, GATEWAY_CONFIG, body, headers, folder, "count-caches-on"),
        "off": requests_per_dashboard(platform, no_cache, body, headers, folder, "count-caches-off"),
    }
    urls = {name: platform.url(name) for name in AGENCIES if name in platform.ports}
    with side_gateway(platform, no_cache, urls, folder, "gateway-no-cache", cpu) as url:
        yield url, counts
