"""A property-based fuzz against the REAL platform (`python -m subgraphs.platform`: legacy systems,
the five agencies on verified identity, the gateway with its production config): documents
generated from the API schema with hypothesis-graphql, sent anonymously and with citizen A's
token. Whatever is sent: no 5xx, every error coded, and no personal data without authorization —
an anonymous caller never gets a non-null field the agencies tag `personal-data`, and citizen A
never gets one under a `Citizen` whose id is not A's."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    get_named_type,
    parse,
    print_schema,
)
from graphql.language import FieldDefinitionNode, ObjectTypeDefinitionNode, ObjectTypeExtensionNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from gateway.supergraph import load_supergraph
from tests.subgraphs.test_platform import Platform, _gone, _start

ROOT = Path(__file__).resolve().parents[2]
SUPERGRAPH = ROOT / "schema" / "supergraph.graphql"
PERSONAL = "personal-data"
_values = st.sampled_from(["2024-01-31", "1999-12-31T23:59:59", "12.50", "not a value", ""])
SCALARS = {name: _values.map(lambda v: StringValueNode(value=v)) for name in ("Date", "DateTime", "Decimal")}


def personal_fields(sdl: str) -> set[str]:
    """`Type.field` of every field the supergraph tags `personal-data`."""
    found: set[str] = set()
    for definition in parse(sdl).definitions:
        if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            for field in definition.fields or ():
                if _tagged(field):
                    found.add(f"{definition.name.value}.{field.name.value}")
    return found


def _tagged(field: FieldDefinitionNode) -> bool:
    for directive in field.directives or ():
        if directive.name.value == "tag":
            for argument in directive.arguments or ():
                if getattr(argument.value, "value", None) == PERSONAL:
                    return True
    return False


class Leaks:
    """Walks a response along its operation and names personal data the caller must not have."""

    def __init__(self, schema: GraphQLSchema, personal: set[str], citizen: str | None) -> None:
        self.schema, self.personal, self.citizen = schema, personal, citizen

    def of(self, document: str, data: Any) -> list[str]:
        parsed = parse(document)
        self.fragments = {
            d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
        }
        operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
        root = self.schema.get_root_type(operation.operation)
        found: list[str] = []
        if isinstance(data, dict) and root is not None:
            self.walk(operation.selection_set, root, data, None, found)
        return found

    def walk(
        self, selections: SelectionSetNode, parent: Any, value: Any, owner: str | None, found: list[str]
    ) -> None:
        if isinstance(value, list):
            for item in value:
                self.walk(selections, parent, item, owner, found)
            return
        if not isinstance(value, dict):
            return
        typename = value.get("__typename")
        concrete = self.schema.get_type(typename) if isinstance(typename, str) else parent
        if isinstance(concrete, GraphQLObjectType) and concrete.name == "Citizen" and "id" in value:
            owner = str(value["id"])
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, concrete, value, owner, found)
            elif isinstance(selection, InlineFragmentNode):
                self.walk(selection.selection_set, concrete, value, owner, found)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in self.fragments:
                self.walk(self.fragments[selection.name.value].selection_set, concrete, value, owner, found)

    def field(
        self, node: FieldNode, parent: Any, value: dict[str, Any], owner: str | None, found: list[str]
    ) -> None:
        key = node.alias.value if node.alias else node.name.value
        if key not in value or not hasattr(parent, "fields") or node.name.value not in parent.fields:
            return
        child = value[key]
        coordinate = f"{parent.name}.{node.name.value}"
        someone_else = self.citizen is None or (owner is not None and owner != self.citizen)
        if coordinate in self.personal and child is not None and someone_else:
            found.append(f"{coordinate} (owner {owner})")
        if node.selection_set is not None:
            named = get_named_type(parent.fields[node.name.value].type)
            self.walk(node.selection_set, named, child, owner, found)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, str, str]]:
    running = _start(tmp_path_factory.mktemp("fuzz-platform"))
    try:
        running.wait_for("govgraph is up", timeout=150)
        output = running.output()
        citizen = re.search(r"Dashboard of citizen (\d{11})", output)
        tokens = re.findall(r"^\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)$", output, re.MULTILINE)
        assert citizen and tokens, output
        yield running, citizen.group(1), tokens[0]
    finally:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            running.wait_exit()
        assert [name for name, pid in running.pids.items() if not _gone(pid)] == []


def test_no_personal_data_without_authorization(platform: tuple[Platform, str, str]) -> None:
    running, citizen, token = platform
    sdl = SUPERGRAPH.read_text()
    schema = load_supergraph(sdl).api_schema
    personal = personal_fields(sdl)
    assert {"Citizen.givenName", "Citizen.taxAccount", "Vehicle.owner"} <= personal
    # the checker itself sees a leak where there is one
    anonymous, own = Leaks(schema, personal, None), Leaks(schema, personal, citizen)
    leaked = {"citizen": {"id": "39001010000", "givenName": "Eha"}}
    assert anonymous.of('{ citizen(id: "39001010000") { id givenName } }', leaked) != []
    assert own.of('{ citizen(id: "39001010000") { id givenName } }', leaked) != []
    assert own.of("{ me { id givenName } }", {"me": {"id": citizen, "givenName": "Eha"}}) == []
    url = f"http://127.0.0.1:{running.ports['gateway']}/graphql"
    touched: list[str] = []
    callers = {"anonymous": ({}, Leaks(schema, personal, None))}
    callers["citizen A"] = ({"authorization": f"Bearer {token}"}, Leaks(schema, personal, citizen))
    with httpx.Client(timeout=30) as client:

        @settings(
            derandomize=True, max_examples=60, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )  # fmt: skip
        @given(document=from_schema(print_schema(schema), custom_scalars=SCALARS))
        def run(document: str) -> None:
            for who, (headers, leaks) in callers.items():
                response = client.post(url, json={"query": document}, headers=headers)
                assert response.status_code < 500, (who, response.status_code, response.text[:300])
                body = response.json()
                for error in body.get("errors") or ():
                    assert isinstance(error.get("extensions", {}).get("code"), str), (who, error)
                assert leaks.of(document, body.get("data")) == [], (who, document, body)
            if any(coordinate.split(".")[1] in document for coordinate in personal):
                touched.append(document)

        run()
    assert len(touched) >= 10  # the fuzz asked for personal fields, not only public ones
