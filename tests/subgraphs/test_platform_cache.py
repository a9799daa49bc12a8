"""The demo platform's caches (`subgraphs/gateway.yaml`: response cache, entity cache for services and
transport) over the agencies' own cache hints (`subgraphs/common/cache_hints.py`), all real processes:
public data is served again without asking any agency; a citizen's writes show at once; nobody's
personal data is served from the cache to anyone else."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from subgraphs.platform import DASHBOARD_QUERY
from tests.subgraphs.test_platform import Platform, _gone, _start, _token

PUBLIC = "{ publicServices { name agency { name } } }"
APPLY = (
    "mutation($input: BenefitApplicationInput!) { applyForBenefit(input: $input) "
    "{ success claim { id kind status } errors { code } } }"
)
KINDS = ("UNEMPLOYMENT", "CHILD_ALLOWANCE", "PENSION", "PARENTAL_BENEFIT", "DISABILITY")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    running = _start(tmp_path_factory.mktemp("platform-cache"))
    try:
        running.wait_for("govgraph is up", timeout=150)
        yield running
    finally:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            try:
                running.wait_exit(30)
            except AssertionError:
                running.process.kill()
                running.process.wait()
        for pid in running.pids.values():
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)


def _url(platform: Platform, name: str = "gateway") -> str:
    return f"http://127.0.0.1:{platform.ports[name]}/graphql"


def _post(url: str, query: str, headers: dict[str, str] | None = None, **variables: Any) -> httpx.Response:
    response = httpx.post(url, json={"query": query, "variables": variables}, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response


def _cache(response: httpx.Response) -> str:
    found = re.search(r"cache;desc=(\w+)", response.headers.get("server-timing", ""))
    return found.group(1) if found else ""


def _subgraph_time(response: httpx.Response) -> float:
    """The time spent in subgraph fetches (`Server-Timing: subgraphs;dur=`): 0 when none was made."""
    found = re.search(r"subgraphs;dur=([\d.]+)", response.headers.get("server-timing", ""))
    assert found, response.headers
    return float(found.group(1))


def _citizens(platform: Platform) -> tuple[str, str]:
    """The welcome message's citizen, and another adult of the population register."""
    first = re.search(r"Dashboard of citizen (\d{11})", platform.output())
    assert first, platform.output()
    with sqlite3.connect(platform.data_dir / "registry.sqlite") as db:
        rows = db.execute("SELECT PRS_IK FROM PERSON WHERE PRS_IK != ? ORDER BY PRS_IK", [first.group(1)])
        other = next(code for (code,) in rows if code[1:3] < "05")  # born in the 1900s: an adult
    return first.group(1), other.strip()


def _apply(url: str, headers: dict[str, str], citizen: str) -> dict[str, Any]:
    """The citizen's new claim, filed through the gateway (the first kind they have none open of).
    Each call is a new application: its own Idempotency-Key, so that one of the same kind made within
    the board's replay window (e.g. by the welcome walkthrough's test) is not answered instead."""
    for kind in KINDS:
        fresh = {**headers, "idempotency-key": uuid.uuid4().hex}
        result = _post(url, APPLY, fresh, input={"citizenId": citizen, "kind": kind}).json()
        if result.get("data") and result["data"]["applyForBenefit"]["success"]:
            return dict(result["data"]["applyForBenefit"]["claim"])
    pytest.fail(f"no application accepted: {result}")


def test_the_agencies_say_what_may_be_kept(platform: Platform) -> None:
    """Straight to the agencies: anonymous catalogue answers are public for an hour, an invalid identity
    (an error) and anything of tax or benefits never kept."""
    catalogue = _post(_url(platform, "services"), PUBLIC)
    assert catalogue.headers["cache-control"] == "public, max-age=3600"
    assert "x-govgraph-identity" in catalogue.headers["vary"]
    forged = _post(_url(platform, "services"), PUBLIC, {"x-govgraph-identity": "x.y.z"})
    assert forged.headers["cache-control"] == "private, no-store"
    for agency in ("tax", "benefits", "registry"):
        answer = _post(_url(platform, agency), "{ _service { sdl } }")
        assert answer.headers["cache-control"] == "private, no-store", agency


def test_a_repeated_public_query_asks_no_agency(platform: Platform) -> None:
    url = _url(platform)
    first, second = _post(url, PUBLIC), _post(url, PUBLIC)
    assert first.json()["data"] == second.json()["data"] and first.json()["data"]["publicServices"]
    assert _cache(first) in ("miss", "hit") and _cache(second) == "hit"
    assert _subgraph_time(second) == 0 and second.json()["extensions"]["cost"]["actual"] == 0
    assert second.headers["cache-control"].startswith("public")


def test_a_vehicles_public_data_is_kept_its_owner_never(platform: Platform) -> None:
    citizen, _ = _citizens(platform)
    mine = {"authorization": "Bearer " + _token(platform, "--citizen", citizen)}
    url = _url(platform)
    plate = _post(url, DASHBOARD_QUERY, mine).json()["data"]["me"]["vehicles"][0]["registrationNumber"]
    public = "query($p: String!) { vehicle(registrationNumber: $p) { make model } }"
    first, second = _post(url, public, p=plate), _post(url, public, p=plate)
    assert first.json()["data"] == second.json()["data"] and first.json()["data"]["vehicle"]["make"]
    assert _cache(second) == "hit" and _subgraph_time(second) == 0
    assert second.headers["cache-control"].startswith("public, max-age=")
    owner = "query($p: String!) { vehicle(registrationNumber: $p) { make owner { id } } }"
    for _ in range(2):
        assert _post(url, owner, mine, p=plate).json()["data"]["vehicle"]["owner"] == {"id": citizen}
    refused = _post(url, owner, p=plate)
    assert refused.json()["data"]["vehicle"]["owner"] is None and _cache(refused) != "hit"
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_new_claim_shows_in_the_next_dashboard(platform: Platform) -> None:
    citizen, _ = _citizens(platform)
    mine = {"authorization": "Bearer " + _token(platform, "--citizen", citizen)}
    url = _url(platform)
    before = _post(url, DASHBOARD_QUERY, mine).json()["data"]["me"]["benefitClaims"]
    _post(url, DASHBOARD_QUERY, mine)  # a second Dashboard: nothing of it kept
    kind = _apply(url, mine, citizen)["kind"]
    after = _post(url, DASHBOARD_QUERY, mine)
    claims = after.json()["data"]["me"]["benefitClaims"]
    assert len(claims) == len(before) + 1 and {"kind": kind, "status": "SUBMITTED"} in claims
    assert _cache(after) != "hit" and "no-store" in after.headers.get("cache-control", "no-store")


def test_personal_data_is_never_served_to_anyone_else(platform: Platform) -> None:
    one, other = _citizens(platform)
    url = _url(platform)
    tokens = {who: {"authorization": "Bearer " + _token(platform, "--citizen", who)} for who in (one, other)}
    for _ in range(2):  # the second round would be served from the caches if anything were kept
        for who, headers in tokens.items():
            answer = _post(url, DASHBOARD_QUERY, headers)
            me = answer.json()["data"]["me"]
            assert answer.json().get("errors") is None and me["givenName"], answer.text
            assert _cache(answer) != "hit"
            mine = _post(url, "{ me { id givenName vehicles { registrationNumber } } }", headers).json()
            assert mine["data"]["me"]["id"] == who
    anonymous = _post(url, DASHBOARD_QUERY).json()
    assert anonymous["data"]["me"] is None if anonymous.get("data") else anonymous["errors"]
    names = {
        who: _post(url, "{ me { givenName familyName } }", headers).json()["data"]["me"]
        for who, headers in tokens.items()
    }
    assert names[one] != names[other]
    _private_entries_stay_with_their_citizen(url, tokens[one], tokens[other])


def _private_entries_stay_with_their_citizen(url: str, one: dict[str, str], other: dict[str, str]) -> None:
    """Asked first by a citizen, the catalogue answers `private, max-age=60`: kept for that citizen only."""
    query = "{ agencies { name services { name } } }"
    assert _cache(_post(url, query, one)) == "miss"
    again = _post(url, query, one)
    assert _cache(again) == "hit" and "private" in again.headers["cache-control"]
    assert _cache(_post(url, query, other)) == "miss"
    assert _cache(_post(url, query)) == "miss"  # anonymous: its own, public, entry
    assert _cache(_post(url, query)) == "hit"


def test_the_platform_stops_cleanly(platform: Platform) -> None:
    platform.process.send_signal(signal.SIGTERM)
    assert platform.wait_exit() == 0
    assert [name for name, pid in platform.pids.items() if not _gone(pid)] == []
