"""null_keys: a representation whose key is null (or missing) is not sent; only what needed it is null.

Data (subgraphs.py): queue T-1..T-4. T-1's applicant has e-account ACC-1; T-2's applicant is known to
accounts but has no account (accountId null); T-3's applicant is unknown to accounts (entity null);
T-4 has no applicant. mail answers only ACC-1 and returns an error for anything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.null_keys.subgraphs import APPS
from tests.support.cases import scenario_fixture, sent_representations

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_null_key_is_not_sent_and_its_field_is_null(sc: Scenario) -> None:
    q = "{ queue { subject applicant { personalCode mailbox { address } } } }"
    assert sc.query(q) == {
        "data": {
            "queue": [
                {
                    "subject": "Parking permit",
                    "applicant": {
                        "personalCode": "38001010001",
                        "mailbox": {"address": "mari.tamm@post.example"},
                    },
                },
                {"subject": "Address change", "applicant": {"personalCode": "49002020002", "mailbox": None}},
                {"subject": "Noise complaint", "applicant": {"personalCode": "50003030003", "mailbox": None}},
                {"subject": "Benefit query", "applicant": None},
            ]
        }
    }
    # desk -> accounts (personalCode -> accountId) -> mail (accountId): one request each.
    assert sc.subgraph_requests("desk") == 1
    assert sc.subgraph_requests("accounts") == 1
    assert sc.subgraph_requests("mail") == 1
    # The null applicant (T-4) is not sent to accounts; the null accountId (T-2) and the applicant
    # accounts did not know (T-3) are not sent to mail. Apollo Gateway (the oracle) differs here: it
    # drops T-3 but forwards T-2 as {accountId: null}; mail rejects it and Apollo then reports that
    # error. A reference with a null key identifies nothing, so sending it is wrong; we keep the
    # correct answer: no request for it, mailbox null, no error.
    assert sorted(r["personalCode"] for r in sent_representations(sc, "accounts")) == [
        "38001010001",
        "49002020002",
        "50003030003",
    ]
    assert sent_representations(sc, "mail") == [{"__typename": "Applicant", "accountId": "ACC-1"}]


def test_non_null_field_behind_a_null_key_nulls_its_parent_with_an_error(sc: Scenario) -> None:
    q = "{ queue { subject applicant { accountId unreadCount } } }"
    response = sc.query(q)
    # unreadCount is Int! and cannot be fetched for T-2 and T-3: each applicant becomes null (its
    # nearest nullable parent) with one error at the non-null field's path. Error messages are the
    # gateway's own wording, so the paths are what is pinned. (Apollo Gateway gives the same data but
    # only one error, mail's rejection of the null key it should not have sent, at ["queue", 1,
    # "applicant"], and none for T-3; a non-null field that resolves to null is a field error by the
    # GraphQL spec, so both are reported here.)
    assert response["data"] == {
        "queue": [
            {"subject": "Parking permit", "applicant": {"accountId": "ACC-1", "unreadCount": 3}},
            {"subject": "Address change", "applicant": None},
            {"subject": "Noise complaint", "applicant": None},
            {"subject": "Benefit query", "applicant": None},
        ]
    }
    assert sorted(e["path"] for e in response["errors"]) == [
        ["queue", 1, "applicant", "unreadCount"],
        ["queue", 2, "applicant", "unreadCount"],
    ]
    assert sent_representations(sc, "mail") == [{"__typename": "Applicant", "accountId": "ACC-1"}]


def test_nullable_key_value_itself(sc: Scenario) -> None:
    q = "{ queue { applicant { personalCode accountId } } }"
    assert sc.query(q) == {
        "data": {
            "queue": [
                {"applicant": {"personalCode": "38001010001", "accountId": "ACC-1"}},
                {"applicant": {"personalCode": "49002020002", "accountId": None}},
                {"applicant": {"personalCode": "50003030003", "accountId": None}},
                {"applicant": None},
            ]
        }
    }
    # desk, then accounts; mail is not needed.
    assert sc.total_subgraph_requests() == 2


def test_null_required_value_is_still_sent(sc: Scenario) -> None:
    q = "{ queue { subject applicant { greeting } } }"
    assert sc.query(q) == {
        "data": {
            "queue": [
                {"subject": "Parking permit", "applicant": {"greeting": "Hello, customer"}},
                {"subject": "Address change", "applicant": {"greeting": None}},
                {"subject": "Noise complaint", "applicant": {"greeting": None}},
                {"subject": "Benefit query", "applicant": None},
            ]
        }
    }
    # desk -> accounts (accountId, nickname) -> mail. ACC-1's nickname is null, but it is a required
    # value, not a key: the representation goes out with nickname: null. T-2 (nickname "Peeter") has
    # no account, so nothing is sent for it. (Apollo Gateway sends it with accountId: null, as above.)
    assert sc.total_subgraph_requests() == 3
    assert sent_representations(sc, "mail") == [
        {"__typename": "Applicant", "accountId": "ACC-1", "nickname": None}
    ]


def test_null_inside_a_compound_nested_key(sc: Scenario) -> None:
    q = "{ queue { subject appointment { slot office { code } room } } }"
    assert sc.query(q) == {
        "data": {
            "queue": [
                {
                    "subject": "Parking permit",
                    "appointment": {"slot": "09:00", "office": {"code": "TLN"}, "room": "B-204"},
                },
                {
                    "subject": "Address change",
                    "appointment": {"slot": "10:30", "office": {"code": None}, "room": None},
                },
                {
                    "subject": "Noise complaint",
                    "appointment": {"slot": None, "office": {"code": "TRT"}, "room": None},
                },
                {"subject": "Benefit query", "appointment": None},
            ]
        }
    }
    # desk, then calendar with the one complete key: a null anywhere in a compound or nested key
    # (office.code for T-2, slot for T-3) keeps that representation back.
    # (Apollo Gateway sends all three and reports calendar's two rejections as errors.)
    assert sc.subgraph_requests("desk") == 1
    assert sc.subgraph_requests("calendar") == 1
    assert sent_representations(sc, "calendar") == [
        {"__typename": "Appointment", "slot": "09:00", "office": {"code": "TLN"}}
    ]
