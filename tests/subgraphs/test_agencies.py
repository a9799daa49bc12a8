"""subgraphs/agencies.yaml and its loader: the platform's processes come from the file, and a wrong
file is refused with every problem named."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config.errors import ConfigError
from subgraphs.agencies import Values, expand, expand_args, load_agencies
from subgraphs.platform import DEFAULT_PORTS, PlatformOptions, legacy_specs, subgraph_specs

GOOD = """gateway: {port: 4000}
issuer: {port: 4400}
agencies:
  - name: tax
    port: 4102
    args: ["--tax-endpoint {url:tax-legacy}/TaxService", "--database-url {database_url}"]
    legacy:
      - {name: tax-legacy, port: 4302, command: "{python} -m subgraphs.tax.legacy --port {port}"}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agencies.yaml"
    path.write_text(text)
    return path


def test_the_platform_runs_what_the_file_says() -> None:
    agencies = load_agencies()
    assert agencies.ports() == DEFAULT_PORTS
    options = PlatformOptions(data_dir=Path("/data"), python="python")
    assert [spec.name for spec in subgraph_specs(options)] == list(agencies.names)
    legacy = [legacy.name for agency in agencies.agencies for legacy in agency.legacy]
    assert [spec.name for spec in legacy_specs(options)] == legacy
    tax = next(spec for spec in subgraph_specs(options) if spec.name == "tax")
    assert tax.command == [
        *("python", "-m", "subgraphs.tax", "--host", "127.0.0.1", "--port", "4102"),
        *("--tax-endpoint", "http://127.0.0.1:4302/TaxService"),
    ]
    assert tax.health_url == "http://127.0.0.1:4102/health"


def test_templates_expand_and_unset_values_drop_their_item(tmp_path: Path) -> None:
    agency = load_agencies(_write(tmp_path, GOOD)).agencies[0]
    platform = {"python": "py", "host": "h", "data_dir": "/d", "database_url": None}
    values = Values(platform, {"tax": 1, "tax-legacy": 2}, "tax", agency.package)
    assert expand(agency.command, values) == ["py", "-m", "subgraphs.tax", "--host", "h", "--port", "1"]
    assert expand_args(agency.args, values) == ["--tax-endpoint", "http://h:2/TaxService"]
    with_db = Values(dict(platform, database_url="sqlite://x"), values.ports, "tax")
    assert expand_args(agency.args, with_db)[-2:] == ["--database-url", "sqlite://x"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("    port: 4102", "    port: 4102\n    prot: 1"), "unknown key 'prot'"),
        (GOOD.replace("port: 4102", "port: 4302"), "port 4302 is given to more than one process"),
        (GOOD.replace("name: tax\n", "name: issuer\n"), "'issuer' is taken more than once"),
        (GOOD.replace("{url:tax-legacy}", "{url:nowhere}"), "{url:nowhere} names no process"),
        (GOOD.replace("--port {port}", "--port {prot}"), "unknown placeholder {prot}"),
        (GOOD.replace("name: tax\n", "name: Tax-Board\n"), "agencies[0].name"),
        (GOOD.replace("issuer: {port: 4400}\n", ""), "issuer"),
    ],
)
def test_a_wrong_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_agencies(_write(tmp_path, text))
    assert message in str(raised.value)
