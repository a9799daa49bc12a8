"""The disclosure protocol's parsing: merged per citizen, malformed reports noted (they withhold
the response like a store failure)."""

from __future__ import annotations

from gateway.plugins.audit.disclosures import Collected


def test_merged_per_citizen_across_subgraphs() -> None:
    collected = Collected()
    collected.add("people", {"govgraph": {"disclosures": [{"citizen": "1", "fields": ["Citizen.name"]}]}})
    collected.add("tax", {"govgraph": {"disclosures": [{"citizen": "1", "fields": ["TaxAccount.balance"]}]}})
    collected.add("tax", {"govgraph": {"disclosures": [{"citizen": "2", "fields": ["Citizen.name"]}]}})
    collected.add("other", {"tracing": {"x": 1}})  # other extensions: nothing disclosed
    assert list(collected.per_citizen()) == [
        ("1", ("Citizen.name", "TaxAccount.balance")),
        ("2", ("Citizen.name",)),
    ]
    assert not collected.malformed


def test_malformed_reports_are_noted() -> None:
    collected = Collected()
    collected.add("a", {"govgraph": {"disclosures": {"citizen": "1"}}})
    collected.add("b", {"govgraph": {"disclosures": [{"fields": ["Citizen.name"]}]}})
    collected.add("c", {"govgraph": {"disclosures": [{"citizen": "1", "fields": ["name"]}]}})
    collected.add("d", {"govgraph": {"disclosures": ["1"]}})
    assert [m.split(":")[0] for m in collected.malformed] == ["a", "b", "c", "d"]
    assert collected  # withheld: something personal may be in the response
    assert not Collected()
