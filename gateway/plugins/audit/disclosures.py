"""The disclosure protocol: how a subgraph tells the gateway whose personal data it returned.

A subgraph adds to its GraphQL response:

    "extensions": {"govgraph": {"disclosures": [
        {"citizen": "38001010001", "fields": ["Citizen.address", "TaxAccount.balance"]}
    ]}}

`citizen` is the data subject's personal code (a non-empty string); `fields` the schema
coordinates (`Type.field`) of their data in this response. The gateway merges what all
subgraphs of one request reported, per citizen, and never passes these extensions to clients.
A malformed report cannot be recorded faithfully, so it withholds the response like a store
failure does (fail closed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

COORDINATE = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$")
NAMESPACE = "govgraph"


@dataclass(slots=True)
class Collected:
    """What one execution's subgraphs reported: citizen -> coordinates, and any malformed report."""

    fields: dict[str, set[str]] = field(default_factory=dict)
    malformed: list[str] = field(default_factory=list)

    def add(self, service: str, extensions: dict[str, Any] | None) -> None:
        section = (extensions or {}).get(NAMESPACE)
        if section is None:
            return
        items = section.get("disclosures") if isinstance(section, dict) else None
        if not isinstance(items, list):
            self.malformed.append(f"{service}: `{NAMESPACE}.disclosures` is not a list")
            return
        for item in items:
            problem = self._add_one(item)
            if problem:
                self.malformed.append(f"{service}: {problem}")

    def _add_one(self, item: Any) -> str | None:
        if not isinstance(item, dict):
            return "a disclosure is not an object"
        citizen, fields = item.get("citizen"), item.get("fields")
        if not isinstance(citizen, str) or not citizen:
            return "a disclosure has no `citizen` string"
        if not isinstance(fields, list) or not all(
            isinstance(f, str) and COORDINATE.match(f) for f in fields
        ):
            return f"the disclosure of {citizen} has `fields` that are not Type.field coordinates"
        self.fields.setdefault(citizen, set()).update(fields)
        return None

    def __bool__(self) -> bool:
        return bool(self.fields or self.malformed)

    def per_citizen(self) -> Iterable[tuple[str, tuple[str, ...]]]:
        for citizen in sorted(self.fields):
            yield citizen, tuple(sorted(self.fields[citizen]))
