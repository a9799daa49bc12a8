"""`myDataAccess`: a citizen sees who read their data, from the log, and only their own."""

from __future__ import annotations

from tests.audit.agencies import JAAN, MARI
from tests.audit.support import Backend, gateway, post, who

MY = "query Mine { myDataAccess { at reader readerKind purpose fields operationName } }"


def test_a_citizen_sees_who_read_their_data_and_nothing_else(urls: dict[str, str], log: Backend) -> None:
    mari, jaan = who("citizen", "sub-mari", MARI, "eesti-app"), who("citizen", "sub-jaan", JAAN)
    official = {**who("official", "officer-7", client="tax-desk"), "x-purpose": "case 2026-118"}
    with gateway(log.config, urls) as url:
        post(url, f'query Own {{ citizen(id: "{MARI}") {{ name }} }}', mari)
        post(
            url, f'{{ citizens(ids: ["{MARI}", "{JAAN}"]) {{ address taxAccount {{ balance }} }} }}', official
        )
        post(url, f'query Own {{ citizen(id: "{JAAN}") {{ name }} }}', jaan)
        answer = post(url, MY, mari).json()
        jaans = post(url, "{ myDataAccess(limit: 1) { reader purpose } }", jaan).json()
        aliased = post(
            url,
            "query($n: Int) { __typename seen: myDataAccess(limit: $n) { ...A } }\n"
            "fragment A on DataAccess { reader }",
            mari,
            variables={"n": 1},
        ).json()
    assert answer == {
        "data": {
            "myDataAccess": [  # newest first
                {
                    "at": answer["data"]["myDataAccess"][0]["at"],
                    "reader": "officer-7",
                    "readerKind": "official",
                    "purpose": "case 2026-118",
                    "fields": ["Citizen.address", "TaxAccount.balance"],
                    "operationName": None,
                },
                {
                    "at": answer["data"]["myDataAccess"][1]["at"],
                    "reader": "sub-mari",
                    "readerKind": "citizen",
                    "purpose": None,
                    "fields": ["Citizen.name"],
                    "operationName": "Own",
                },
            ]
        }
    }
    assert jaans == {"data": {"myDataAccess": [{"reader": "sub-jaan", "purpose": None}]}}
    assert aliased == {"data": {"__typename": "Query", "seen": [{"reader": "officer-7"}]}}
    assert len(log.rows()) == 4  # reading the log is not itself a disclosure


def test_only_citizens_may_ask(urls: dict[str, str], log: Backend) -> None:
    with gateway(log.config, urls) as url:
        anonymous = post(url, MY)
        official = post(url, MY, who("official", "officer-7"))
    assert anonymous.status_code == 401
    assert anonymous.json()["data"] is None
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert official.status_code == 403
    assert official.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_it_is_in_the_schema_validated_and_alone(urls: dict[str, str], log: Backend) -> None:
    mari = who("citizen", "sub-mari", MARI)
    with gateway(log.config, urls) as url:
        introspected = post(url, '{ __type(name: "Query") { fields { name } } }').json()
        unknown = post(url, "{ myDataAccess { nope } }", mari).json()
        mixed = post(url, "{ myDataAccess { at } weather }", mari).json()
    assert "myDataAccess" in [f["name"] for f in introspected["data"]["__type"]["fields"]]
    assert unknown["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "nope" in unknown["errors"][0]["message"]
    assert mixed["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "myDataAccess" in mixed["errors"][0]["message"]


def test_without_the_audit_plugin_there_is_no_such_field(urls: dict[str, str]) -> None:
    with gateway(None, urls) as url:
        body = post(url, MY, who("citizen", "sub-mari", MARI)).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
