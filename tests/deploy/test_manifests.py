"""deploy/k8s: the manifests parse, hang together, and run commands the real CLI accepts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from subgraphs.common.credentials import is_credential_env
from tests.deploy.support import (
    CLUSTER_SCOPED,
    DEPLOY,
    IMAGE,
    K8S,
    REPO,
    WORKLOADS,
    K8sObject,
    all_containers,
    container_port,
    declared_ports,
    dockerfile_stages,
    host_port,
    is_inline_python,
    k8s_argv,
    k8s_objects,
    kustomization,
    legacy_credential_holders,
    load_yaml_documents,
    normalise_hosts,
    of_kind,
    parse_with_real_cli,
    platform_commands,
    selects,
    supergraph_subgraph_names,
    urls_in,
)

OBJECTS = k8s_objects()
RUNTIME = dockerfile_stages()[-1]
AGENCIES = sorted(supergraph_subgraph_names())


def _workload(name: str) -> K8sObject:
    found = [w for w in of_kind(OBJECTS, *WORKLOADS) if w.name == name]
    assert len(found) == 1, f"expected one workload named {name}, found {[w.ref for w in found]}"
    return found[0]


def _own_containers() -> list[tuple[K8sObject, dict]]:
    """Every container running the project's image, with its workload."""
    return [
        (workload, container)
        for workload in of_kind(OBJECTS, *WORKLOADS)
        for container in all_containers(workload.pod_spec)
        if container["image"].split(":")[0] == IMAGE
    ]


def _service_ports() -> dict[str, set[int]]:
    return {s.name: {int(p["port"]) for p in s.doc["spec"]["ports"]} for s in of_kind(OBJECTS, "Service")}


def test_every_yaml_file_under_deploy_parses() -> None:
    files = sorted([*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")])
    assert len(files) >= 3
    for path in files:
        assert load_yaml_documents(path), f"{path} holds no YAML document"


def test_every_object_has_identity_and_the_namespace() -> None:
    namespace = kustomization()["namespace"]
    assert any(o.kind == "Namespace" and o.name == namespace for o in OBJECTS)
    for obj in OBJECTS:
        assert obj.doc.get("apiVersion") and obj.doc.get("kind"), obj.ref
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", obj.name), obj.ref
        if obj.kind not in CLUSTER_SCOPED:
            assert obj.doc["metadata"].get("namespace") == namespace, f"{obj.ref}: namespace"


def test_kustomization_lists_every_file() -> None:
    config = kustomization()
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert sorted(config["resources"]) == sorted(manifests)
    generated = {
        entry.rpartition("=")[2]
        for gen in config.get("configMapGenerator", [])
        for entry in gen.get("files", [])
    }
    others = {p.name for p in K8S.iterdir() if p.is_file() and p.suffix != ".yaml"}
    assert generated == others, "every non-manifest file is a configMapGenerator input, and exists"


def test_supergraph_config_map_is_the_committed_supergraph() -> None:
    copy = K8S / "supergraph.graphql"
    assert copy.read_text() == (REPO / "schema" / "supergraph.graphql").read_text(), (
        "deploy/k8s/supergraph.graphql is stale: cp schema/supergraph.graphql deploy/k8s/"
    )
    generated = {gen["name"] for gen in kustomization()["configMapGenerator"]}
    gateway = _workload("gateway")
    config_maps = {v["configMap"]["name"] for v in gateway.pod_spec["volumes"] if "configMap" in v}
    assert config_maps <= generated and config_maps


def test_workload_selectors_match_their_pod_labels() -> None:
    for workload in of_kind(OBJECTS, "Deployment", "StatefulSet"):
        selector = workload.doc["spec"]["selector"]["matchLabels"]
        assert selects(selector, workload.pod_labels), workload.ref
        others = [w for w in of_kind(OBJECTS, "Deployment", "StatefulSet") if w is not workload]
        assert not [w.ref for w in others if selects(selector, w.pod_labels)], f"{workload.ref} overlaps"


def test_services_select_pods_and_target_declared_ports() -> None:
    for service in of_kind(OBJECTS, "Service"):
        selector = service.doc["spec"]["selector"]
        pods = [w for w in of_kind(OBJECTS, *WORKLOADS) if selects(selector, w.pod_labels)]
        assert pods, f"{service.ref} selects no pods"
        for port in service.doc["spec"]["ports"]:
            for pod in pods:
                ports = set().union(*(declared_ports(c) for c in pod.pod_spec["containers"]))
                assert port["targetPort"] in ports, (
                    f"{service.ref}: targetPort {port['targetPort']} of {pod.ref}"
                )


def _probe_path(container: dict, kind: str) -> str:
    """The gateway's readiness asks `/ready` (started, a supergraph loaded); every other probe `/health`."""
    is_gateway = container["image"].split(":")[0] == IMAGE and container.get("args", [None])[0] == "serve"
    return "/ready" if is_gateway and kind == "readinessProbe" else "/health"


def test_probes_use_declared_ports_and_health() -> None:
    for workload in of_kind(OBJECTS, *WORKLOADS):
        for container in workload.pod_spec["containers"]:
            for kind in ("readinessProbe", "livenessProbe", "startupProbe"):
                probe = container.get(kind, {})
                target = probe.get("httpGet") or probe.get("tcpSocket")
                if target:
                    assert target["port"] in declared_ports(container), f"{workload.ref} {kind}"
                if "httpGet" in probe and container["image"].split(":")[0] == IMAGE:  # not nats' /healthz
                    assert probe["httpGet"]["path"] == _probe_path(container, kind), f"{workload.ref} {kind}"
            if container.get("ports") and container["image"].split(":")[0] == IMAGE:
                assert "httpGet" in container.get("readinessProbe", {}), f"{workload.ref}: readiness"
                assert "httpGet" in container.get("livenessProbe", {}), f"{workload.ref}: liveness"


@pytest.mark.parametrize(
    ("workload", "container"), _own_containers(), ids=[f"{w.name}/{c['name']}" for w, c in _own_containers()]
)
def test_container_arguments_are_accepted_by_the_real_cli(workload: K8sObject, container: dict) -> None:
    argv = k8s_argv(container, RUNTIME)
    if is_inline_python(argv):
        compile(argv[2], f"{workload.ref}/{container['name']}", "exec")
        return
    namespace = parse_with_real_cli(argv)
    env = {e["name"] for e in container.get("env", [])}
    for name in re.findall(r"\$\((\w+)\)", " ".join(argv)):
        assert name in env, f"{workload.ref}: $({name}) is not in the container's env"
    services = _service_ports()
    for url in urls_in(namespace):
        host, port = host_port(url)
        assert port in services.get(host, set()), f"{workload.ref}: {url} is no Service port"
    if container.get("ports"):
        assert namespace.host == "0.0.0.0", f"{workload.ref} listens on {namespace.host} only"
        assert namespace.port == container_port(container, "http"), workload.ref


def test_commands_are_those_of_govgraph_up() -> None:
    """Each legacy server, subgraph and the data generator runs what subgraphs/platform.py runs."""
    expected = platform_commands("0.0.0.0", "/data", "$(DATABASE_URL)")
    found = {container["name"]: k8s_argv(container, RUNTIME) for _, container in _own_containers()}
    services = set(_service_ports())
    for name, command in expected.items():
        assert name in found, f"no container named {name}"
        assert normalise_hosts(found[name], services, "0.0.0.0") == command, name


def test_service_ports_are_those_of_govgraph_up() -> None:
    from subgraphs.platform import DEFAULT_PORTS

    services = _service_ports()
    for name, port in DEFAULT_PORTS.items():
        assert services.get(name) == {port}, f"Service {name}: {services.get(name)} != {port}"


def test_gateway_reaches_every_subgraph_through_its_service() -> None:
    gateway = _workload("gateway")
    (container,) = gateway.pod_spec["containers"]
    namespace = parse_with_real_cli(k8s_argv(container, RUNTIME))
    assert namespace.command == "serve"
    urls = dict(item.split("=", 1) for item in namespace.subgraph_url)
    assert sorted(urls) == AGENCIES
    services = _service_ports()
    for name, url in urls.items():
        host, port = host_port(url)
        assert host == name and port in services[name] and url.endswith("/graphql"), url
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert any(namespace.supergraph.startswith(path + "/") for path in mounts), namespace.supergraph


def test_gateway_scaling_and_disruption_budget() -> None:
    gateway = _workload("gateway")
    assert gateway.doc["spec"]["replicas"] == 3
    (hpa,) = [h for h in of_kind(OBJECTS, "HorizontalPodAutoscaler") if h.name == "gateway"]
    target = hpa.doc["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "gateway")
    assert (
        hpa.doc["spec"]["minReplicas"] >= 3
        and hpa.doc["spec"]["maxReplicas"] > hpa.doc["spec"]["minReplicas"]
    )
    (pdb,) = of_kind(OBJECTS, "PodDisruptionBudget")
    assert selects(pdb.doc["spec"]["selector"]["matchLabels"], gateway.pod_labels)
    assert 0 < pdb.doc["spec"]["minAvailable"] < gateway.doc["spec"]["replicas"]


def _mebibytes(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}
    return float(quantity[:-2]) * units[quantity[-2:]]


def test_security_context_and_resources() -> None:
    for workload in of_kind(OBJECTS, *WORKLOADS):
        assert workload.pod_spec["securityContext"]["runAsNonRoot"] is True, workload.ref
        for container in all_containers(workload.pod_spec):
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, f"{workload.ref}/{container['name']}"
            assert security["allowPrivilegeEscalation"] is False, f"{workload.ref}/{container['name']}"
            requests, limits = container["resources"]["requests"], container["resources"]["limits"]
            assert _mebibytes(requests["memory"]) <= _mebibytes(limits["memory"]), workload.ref
            if container.get("ports") and container["image"].split(":")[0] == IMAGE:
                # ~100 MB RSS per process: room above it, and a request the scheduler can honour
                assert _mebibytes(requests["memory"]) >= 100 and _mebibytes(limits["memory"]) >= 200, (
                    workload.ref
                )


def test_only_the_gateway_reaches_the_subgraphs() -> None:
    subgraph_pods = [_workload(name) for name in AGENCIES]
    policies = [
        p
        for p in of_kind(OBJECTS, "NetworkPolicy")
        if any(selects(p.doc["spec"]["podSelector"]["matchLabels"], w.pod_labels) for w in subgraph_pods)
    ]
    assert policies, "no NetworkPolicy covers the subgraphs"
    for policy in policies:
        assert all(
            selects(policy.doc["spec"]["podSelector"]["matchLabels"], w.pod_labels) for w in subgraph_pods
        ), f"{policy.ref} leaves some subgraph open"
        assert "Ingress" in policy.doc["spec"]["policyTypes"]
        for rule in policy.doc["spec"]["ingress"]:
            for peer in rule["from"]:
                assert set(peer) == {"podSelector"}, f"{policy.ref}: only pods of this namespace"
                allowed = [
                    w.name
                    for w in of_kind(OBJECTS, *WORKLOADS)
                    if selects(peer["podSelector"]["matchLabels"], w.pod_labels)
                ]
                assert allowed == ["gateway"], f"{policy.ref} lets in {allowed}"


def test_references_resolve() -> None:
    secrets = {
        s.name: set(s.doc.get("stringData", {})) | set(s.doc.get("data", {}))
        for s in of_kind(OBJECTS, "Secret")
    }
    claims = {c.name for c in of_kind(OBJECTS, "PersistentVolumeClaim")}
    for workload in of_kind(OBJECTS, *WORKLOADS):
        volumes = {v["name"]: v for v in workload.pod_spec.get("volumes", [])}
        templates = {t["metadata"]["name"] for t in workload.doc["spec"].get("volumeClaimTemplates", [])}
        for volume in volumes.values():
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims, workload.ref
        for container in all_containers(workload.pod_spec):
            for mount in container.get("volumeMounts", []):
                assert mount["name"] in volumes or mount["name"] in templates, (
                    f"{workload.ref}: {mount['name']}"
                )
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets.get(ref["name"], set()), f"{workload.ref}: {ref}"


def test_database_url_names_the_postgres_service() -> None:
    (secret,) = [s for s in of_kind(OBJECTS, "Secret") if "DATABASE_URL" in s.doc["stringData"]]
    host, port = host_port(secret.doc["stringData"]["DATABASE_URL"])
    assert port in _service_ports()[host]
    password = secret.doc["stringData"]["POSTGRES_PASSWORD"]
    assert f":{password}@" in secret.doc["stringData"]["DATABASE_URL"]


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kustomize_renders_with_the_generated_config_map() -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    (config_map,) = [d for d in rendered if d["kind"] == "ConfigMap"]
    assert re.fullmatch(r"supergraph-[a-z0-9]{10}", config_map["metadata"]["name"])
    assert config_map["data"]["supergraph.graphql"] == (REPO / "schema" / "supergraph.graphql").read_text()
    (gateway,) = [d for d in rendered if d["kind"] == "Deployment" and d["metadata"]["name"] == "gateway"]
    names = {
        v["configMap"]["name"] for v in gateway["spec"]["template"]["spec"]["volumes"] if "configMap" in v
    }
    assert names == {config_map["metadata"]["name"]}
    assert len(rendered) == len(OBJECTS) + 1


def test_every_process_of_the_agencies_file_has_a_workload_and_service() -> None:
    """subgraphs/agencies.yaml decides the agencies: each, and each legacy server, runs in the cluster."""
    from subgraphs.agencies import load_agencies

    containers = {container["name"] for _, container in _own_containers()}
    for agency in load_agencies().agencies:
        for name in (agency.name, *(legacy.name for legacy in agency.legacy)):
            assert name in containers and name in _service_ports(), f"{name}: no workload or Service"


def test_each_legacy_credential_comes_from_its_secret_to_its_system_and_subgraph_only() -> None:
    holders: dict[str, set[str]] = {}
    for workload in of_kind(OBJECTS, *WORKLOADS):
        for container in all_containers(workload.pod_spec):
            for env in container.get("env", []):
                if is_credential_env(env["name"]):
                    holders.setdefault(env["name"], set()).add(workload.name)
                    assert "value" not in env, f"{workload.ref}: a credential in the manifest"
                    assert env["valueFrom"]["secretKeyRef"]["name"].endswith("-credential")
    assert holders == legacy_credential_holders()
