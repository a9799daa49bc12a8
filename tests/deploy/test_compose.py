"""deploy/compose.yaml: the same processes, commands and ports as `govgraph up` (subgraphs/platform.py)."""

from __future__ import annotations

import pytest

from subgraphs.common.credentials import is_credential_env
from tests.deploy.support import (
    IMAGE,
    compose,
    compose_argv,
    dockerfile_stages,
    host_port,
    is_inline_python,
    legacy_credential_holders,
    normalise_hosts,
    parse_with_real_cli,
    platform_commands,
    supergraph_subgraph_names,
    urls_in,
)

COMPOSE = compose()
SERVICES: dict[str, dict] = COMPOSE["services"]
RUNTIME = dockerfile_stages()[-1]
THIRD_PARTY_PORTS = {"postgres": {5432}, "redis": {6379}, "nats": {4222}}
OWN = sorted(name for name, s in SERVICES.items() if s.get("image", "").split(":")[0] == IMAGE)


def _listening_port(name: str) -> int | None:
    """The port the service's process listens on (its --port), None for a job."""
    namespace = parse_with_real_cli(compose_argv(SERVICES[name], RUNTIME))
    return getattr(namespace, "port", None) if hasattr(namespace, "host") else None


def _ports_of(name: str) -> set[int]:
    if name not in OWN:
        return THIRD_PARTY_PORTS[SERVICES[name]["image"].split(":")[0]]
    port = _listening_port(name)
    return set() if port is None else {port}


def test_the_platform_is_all_there() -> None:
    from subgraphs.platform import DEFAULT_PORTS

    expected = set(DEFAULT_PORTS) | {"datagen", "postgres", "redis", "nats"}
    assert set(SERVICES) == expected
    assert set(OWN) == set(DEFAULT_PORTS) | {"datagen"}, "every govgraph process runs the project's image"
    assert SERVICES["gateway"]["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}


@pytest.mark.parametrize("name", OWN)
def test_commands_are_accepted_by_the_real_cli(name: str) -> None:
    argv = compose_argv(SERVICES[name], RUNTIME)
    assert not is_inline_python(argv)
    namespace = parse_with_real_cli(argv)
    for url in urls_in(namespace):
        host, port = host_port(url)
        assert host in SERVICES, f"{name}: {url} names no compose service"
        assert port in _ports_of(host), f"{name}: {url} but {host} listens on {_ports_of(host)}"
    if hasattr(namespace, "host"):
        assert namespace.host == "0.0.0.0", f"{name} would not be reachable from other containers"


def test_commands_are_those_of_govgraph_up() -> None:
    database_url = COMPOSE["x-database-url"]
    for name, command in platform_commands("0.0.0.0", "/data", database_url, COMPOSE["x-nats-url"]).items():
        argv = normalise_hosts(compose_argv(SERVICES[name], RUNTIME), set(SERVICES), "0.0.0.0")
        assert argv == command, name


def test_ports_are_those_of_govgraph_up() -> None:
    from subgraphs.platform import DEFAULT_PORTS

    for name, port in DEFAULT_PORTS.items():
        assert _listening_port(name) == port, name
        health = SERVICES[name]["environment"]["GOVGRAPH_HEALTH_URL"]
        assert health == f"http://127.0.0.1:{port}/health", f"{name}: the image's HEALTHCHECK asks {health}"
    published = {name: s.get("ports", []) for name, s in SERVICES.items() if s.get("ports")}
    assert published == {"gateway": [f"{DEFAULT_PORTS['gateway']}:{DEFAULT_PORTS['gateway']}"]}


def test_gateway_points_at_every_subgraph_service() -> None:
    namespace = parse_with_real_cli(compose_argv(SERVICES["gateway"], RUNTIME))
    urls = dict(item.split("=", 1) for item in namespace.subgraph_url)
    assert sorted(urls) == sorted(supergraph_subgraph_names())
    for name, url in urls.items():
        assert url == f"http://{name}:{_listening_port(name)}/graphql"
    assert namespace.supergraph == "/app/schema/supergraph.graphql"
    waits_for = SERVICES["gateway"]["depends_on"]
    expected = dict.fromkeys([*urls, "issuer"], "service_healthy")  # the issuer: its keys, and the gateway's
    assert {n: w["condition"] for n, w in waits_for.items()} == expected


def test_the_gateway_verifies_tokens_with_the_issuer_and_signs_with_the_shared_key() -> None:
    gateway, issuer = SERVICES["gateway"], SERVICES["issuer"]
    issuer_args = parse_with_real_cli(compose_argv(issuer, RUNTIME))
    assert gateway["environment"]["GOVGRAPH_ISSUER_URL"] == f"http://issuer:{issuer_args.port}"
    data_dir = gateway["environment"]["GOVGRAPH_DATA_DIR"]
    assert str(issuer_args.gateway_key) == f"{data_dir}/identity/gateway-key.pem"
    assert f"govgraph-data:{data_dir}:ro" in gateway["volumes"]


def test_data_is_generated_first_into_the_shared_volume() -> None:
    datagen = parse_with_real_cli(compose_argv(SERVICES["datagen"], RUNTIME))
    assert SERVICES["datagen"]["restart"] == "no"
    volume_of = {
        name: [v for v in s.get("volumes", []) if v.endswith(":/data") or ":/data:" in v]
        for name, s in SERVICES.items()
    }
    assert volume_of["datagen"] == [f"govgraph-data:{datagen.data_dir}"]
    for name in OWN:
        namespace = parse_with_real_cli(compose_argv(SERVICES[name], RUNTIME))
        if getattr(namespace, "data_dir", None) is None or name == "datagen":
            continue
        assert volume_of[name] and volume_of[name][0].startswith("govgraph-data:/data"), name
        datagen = SERVICES[name]["depends_on"].get("datagen")
        assert datagen == {"condition": "service_completed_successfully"}, (
            f"{name} starts before the data exists"
        )
    assert "govgraph-data" in COMPOSE["volumes"]


def test_benefits_publishes_and_subscribes_through_the_nats_service() -> None:
    for name in ("benefits-legacy", "benefits"):
        namespace = parse_with_real_cli(compose_argv(SERVICES[name], RUNTIME))
        assert host_port(namespace.nats_url) == ("nats", 4222), name
        assert SERVICES[name]["depends_on"]["nats"] == {"condition": "service_healthy"}, name


def test_registry_and_datagen_use_postgres() -> None:
    for name in ("registry", "datagen"):
        namespace = parse_with_real_cli(compose_argv(SERVICES[name], RUNTIME))
        host, port = host_port(namespace.database_url)
        assert (host, port) == ("postgres", 5432), name
    env = SERVICES["postgres"]["environment"]
    expected = (
        f"postgresql://{env['POSTGRES_USER']}:{env['POSTGRES_PASSWORD']}@postgres:5432/{env['POSTGRES_DB']}"
    )
    assert COMPOSE["x-database-url"] == expected


def test_every_process_of_the_agencies_file_is_a_service() -> None:
    """subgraphs/agencies.yaml decides the agencies: each, and each of its legacy servers, runs here."""
    from subgraphs.agencies import load_agencies

    for agency in load_agencies().agencies:
        for name in (agency.name, *(legacy.name for legacy in agency.legacy)):
            assert name in OWN, f"{name} of subgraphs/agencies.yaml has no service in deploy/compose.yaml"


def test_each_legacy_credential_goes_to_its_system_and_subgraph_only() -> None:
    holders: dict[str, set[str]] = {}
    for name, service in SERVICES.items():
        for variable, value in service.get("environment", {}).items():
            if is_credential_env(variable):
                holders.setdefault(variable, set()).add(name)
                assert value == "${" + variable + ":?set " + variable + "}"  # from the operator, no default
    assert holders == legacy_credential_holders()
