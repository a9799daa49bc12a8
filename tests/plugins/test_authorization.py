"""Authorization through a real gateway and real subgraphs: what each principal gets, what the
subgraphs are asked, the error paths, reject mode, and no sharing between principals."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.support.scenario import Scenario

from .authorization_scenario import ask, authorization_scenario

CODE = "UNAUTHORIZED_FIELD_OR_TYPE"


@pytest.fixture(scope="module")
def sc() -> Iterator[Scenario]:
    with authorization_scenario() as scenario:
        yield scenario


def _paths(result: dict[str, Any]) -> list[list[Any]]:
    assert all(e["extensions"]["code"] == CODE for e in result.get("errors", [])), result
    return [e["path"] for e in result.get("errors", [])]


def _queries(sc: Scenario, name: str) -> list[str]:
    return [str(r.get("query")) for r in sc.subgraphs[name].requests]


def test_anonymous_loses_authenticated_fields_and_no_subgraph_is_asked_for_them(sc: Scenario) -> None:
    status, result = ask(sc, "{ me { name } people { name address } }")
    assert status == 200
    assert result["data"] == {
        "me": None,
        "people": [{"name": "Ada", "address": None}, {"name": "Bo", "address": None}],
    }
    assert _paths(result) == [["me"], ["people", "@", "address"]]
    assert sc.subgraph_requests("addresses") == 0
    assert not any(re.search(r"\b(me|address)\b", q) for q in _queries(sc, "people"))


def test_authenticated_principal_gets_them_through_entities(sc: Scenario) -> None:
    status, result = ask(sc, "{ me { name } people { name address } }", "official")
    assert status == 200 and "errors" not in result
    assert result["data"]["me"] == {"name": "Ada"}
    assert result["data"]["people"][1] == {"name": "Bo", "address": "street 2"}
    assert sc.subgraph_requests("addresses") == 1


def test_scopes_are_alternatives_of_sets(sc: Scenario) -> None:
    query = '{ person(id: "1") { name email } }'
    _, plain = ask(sc, query, "official")
    assert plain["data"] == {"person": {"name": "Ada", "email": None}}
    assert _paths(plain) == [["person", "email"]]
    _, reader = ask(sc, query, "official;email:read")
    _, admin = ask(sc, query, "service;admin")
    assert reader == admin == {"data": {"person": {"name": "Ada", "email": "ada@x"}}}


def test_aliases_variables_and_named_fragments(sc: Scenario) -> None:
    query = """query Q($id: ID!, $withEmail: Boolean!) {
      who: person(id: $id) { ...P mail: email @include(if: $withEmail) }
      again: person(id: $id) { ...P }
    }
    fragment P on Person { handle: name secret: email }"""
    _, result = ask(sc, query, "official", {"id": "2", "withEmail": True})
    assert result["data"] == {
        "who": {"handle": "Bo", "secret": None, "mail": None},
        "again": {"handle": "Bo", "secret": None},
    }
    assert sorted(_paths(result)) == [["again", "secret"], ["who", "mail"], ["who", "secret"]]
    assert all("email" not in q for q in _queries(sc, "people"))
    _, skipped = ask(sc, query, "official", {"id": "2", "withEmail": False})
    assert skipped["data"]["who"] == {"handle": "Bo", "secret": None}
    assert sorted(_paths(skipped)) == [["again", "secret"], ["who", "secret"]]  # not what it left out


def test_variables_and_fragments_only_a_removed_field_used_are_dropped_with_it(sc: Scenario) -> None:
    query = """query Q($id: ID!) { people { name } secret: secretPerson(id: $id) { ...F } }
    fragment F on Person { name }"""
    _, anonymous = ask(sc, query, None, {"id": "1"})
    assert anonymous["data"] == {"people": [{"name": "Ada"}, {"name": "Bo"}], "secret": None}
    assert _paths(anonymous) == [["secret"]]
    _, admin = ask(sc, query, "official;admin", {"id": "1"})
    assert admin == {"data": {"people": [{"name": "Ada"}, {"name": "Bo"}], "secret": {"name": "Ada"}}}


def test_a_fragment_on_the_same_type_does_not_smuggle_a_field(sc: Scenario) -> None:
    _, result = ask(sc, '{ person(id: "1") { ... on Person { e: email } ... { email } } }', "official")
    assert result["data"] == {"person": {"e": None, "email": None}}
    assert _paths(result) == [["person", "e"], ["person", "email"]]


def test_a_removed_non_null_field_nulls_its_nearest_nullable_parent_only(sc: Scenario) -> None:
    _, result = ask(sc, '{ person(id: "1") { name ssn } people { name } }', "official")
    assert result["data"] == {"person": None, "people": [{"name": "Ada"}, {"name": "Bo"}]}
    assert _paths(result) == [["person", "ssn"]]  # one error: no extra non-null error


def test_a_removed_non_null_field_in_a_non_null_list_propagates_as_the_spec_says(sc: Scenario) -> None:
    _, result = ask(sc, "{ people { ssn } }", "official")
    assert result == {
        "data": None,
        "errors": [
            {
                "message": "Unauthorized field or type",
                "path": ["people", "@", "ssn"],
                "extensions": {"code": CODE},
            }
        ],
    }


def test_a_selection_left_empty_keeps_its_object(sc: Scenario) -> None:
    _, result = ask(sc, '{ person(id: "2") { email } }', "official")
    assert result["data"] == {"person": {"email": None}}


def test_policies_are_evaluated_by_the_registered_function(sc: Scenario) -> None:
    query = '{ person(id: "1") { notes } }'
    _, official = ask(sc, query, "official")
    _, owner = ask(sc, query, "citizen")
    assert official["data"] == {"person": {"notes": None}} and _paths(official) == [["person", "notes"]]
    assert owner == {"data": {"person": {"notes": "n1"}}}


def test_unions_drop_fragments_on_types_the_principal_may_not_see(sc: Scenario) -> None:
    query = "{ search { __typename ... on Person { name } ... on Secret { code } } }"
    _, anonymous = ask(sc, query)
    assert anonymous["data"] == {"search": [{"__typename": "Person", "name": "Bo"}, {"__typename": "Secret"}]}
    assert _paths(anonymous) == [["search", "@", "... on Secret"]]
    _, official = ask(sc, query, "official")
    assert official["data"]["search"][1] == {"__typename": "Secret", "code": "s3"}


def test_interfaces_fields_need_every_implementations_requirements(sc: Scenario) -> None:
    _, on_interface = ask(sc, "{ things { id label } }", "official")
    assert on_interface["data"] is None  # id is non-null in a non-null list
    assert _paths(on_interface) == [["things", "@", "id"], ["things", "@", "label"]]
    _, fragments = ask(sc, "{ things { ... on Open { id label } ... on Closed { id label } } }", "official")
    assert fragments["data"] == {"things": [{"id": "o1", "label": "open"}, {}]}
    assert _paths(fragments) == [["things", "@", "... on Closed"]]
    _, scoped = ask(sc, "{ things { id label } }", "official;closed")
    assert scoped == {"data": {"things": [{"id": "o1", "label": "open"}, {"id": "c1", "label": "closed"}]}}


def test_nested_lists_report_one_error_with_a_marker_per_level(sc: Scenario) -> None:
    _, result = ask(sc, "{ matrix { v hidden } }")
    assert result["data"] == {"matrix": [[{"v": 1, "hidden": None}], [{"v": 2, "hidden": None}, None]]}
    assert _paths(result) == [["matrix", "@", "@", "hidden"]]


def test_everything_removed_still_answers(sc: Scenario) -> None:
    _, result = ask(sc, "{ me { name } }")
    assert result == {
        "data": {"me": None},
        "errors": [{"message": "Unauthorized field or type", "path": ["me"], "extensions": {"code": CODE}}],
    }
    assert sc.total_subgraph_requests() == 0


def test_two_principals_never_share_an_execution() -> None:
    with authorization_scenario() as sc:
        query = '{ slow person(id: "1") { email } }'
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(ask, sc, query, p) for p in ("official", "official;admin") * 2]
            results = [f.result()[1] for f in futures]
        assert [r["data"]["person"]["email"] for r in results] == [None, "ada@x", None, "ada@x"]


def test_reject_mode_refuses_the_whole_operation() -> None:
    with authorization_scenario(reject=True) as sc:
        status, result = ask(sc, "{ people { name address } me { name } }")
        assert status == 403
        assert result == {
            "errors": [
                {
                    "message": "Unauthorized field or type",
                    "path": ["people", "@", "address"],
                    "extensions": {"code": CODE},
                },
                {"message": "Unauthorized field or type", "path": ["me"], "extensions": {"code": CODE}},
            ]
        }
        assert sc.total_subgraph_requests() == 0
        status, allowed = ask(sc, "{ people { name address } }", "official")
        assert status == 200 and "errors" not in allowed


def test_the_analysis_is_computed_once_per_operation_and_the_narrowing_once_per_met_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gateway.plugins.authorization as authorization
    from gateway.config import GatewayConfig
    from gateway.engine import Gateway
    from gateway.hooks import RequestContext
    from gateway.messages import GraphQLRequest

    from .authorization_scenario import supergraph_sdl

    calls: list[object] = []
    real = authorization.analyse
    monkeypatch.setattr(authorization, "analyse", lambda *a: calls.append(a) or real(*a))
    plugin = authorization.AuthorizationPlugin()
    gateway = Gateway(GatewayConfig(supergraph_sdl=supergraph_sdl()), hooks=[plugin])
    narrowings = []
    for _ in range(3):
        ctx = RequestContext(GraphQLRequest("{ me { name } }"))
        result = asyncio.run(gateway.handle(ctx))
        assert result.data == {"me": None}
        narrowings.append(ctx.narrowed)
    assert len(calls) == 1
    assert narrowings[0] is narrowings[1] is narrowings[2] is not None
    assert narrowings[0].plan_query == "{\n  __typename\n}"


def test_a_supergraph_without_requirements_is_not_touched() -> None:
    from gateway.config import GatewayConfig
    from gateway.engine import Gateway
    from gateway.hooks import RequestContext
    from gateway.messages import GraphQLRequest
    from gateway.plugins.authorization import AuthorizationPlugin
    from tests.benchmarks.workload import SUPERGRAPH

    gateway = Gateway(GatewayConfig(supergraph_sdl=SUPERGRAPH.read_text()), hooks=[AuthorizationPlugin()])
    ctx = RequestContext(GraphQLRequest("{ __typename }"))
    asyncio.run(gateway.handle(ctx))
    assert ctx.narrowed is None and ctx.vary == (None,)


def test_the_config_file_names_policies_by_import_path(tmp_path: Any) -> None:
    from gateway.plugins.authorization import AuthorizationPlugin, PolicyError
    from gateway.serve.assemble import load_config, plugins

    path = tmp_path / "gateway.yaml"
    path.write_text(
        "authorization:\n  reject_unauthorized: true\n"
        "  policies: { owner: 'tests.plugins.authorization_scenario:is_owner' }\n"
    )
    found = [p for p in plugins(load_config(path)) if isinstance(p, AuthorizationPlugin)]
    assert len(found) == 1 and found[0].config.reject_unauthorized
    assert found[0].policies["owner"].__name__ == "is_owner"
    path.write_text("authorization: { enabled: false }\n")
    assert not any(isinstance(p, AuthorizationPlugin) for p in plugins(load_config(path)))
    path.write_text("authorization: { policies: { owner: 'tests.nowhere:nothing' } }\n")
    with pytest.raises(PolicyError):
        plugins(load_config(path))
