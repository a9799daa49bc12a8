"""What `govgraph check` found, and how it is shown: text for a terminal, JSON for tools.

Exit codes: 0 the proposal composes and breaks no client; 1 it composes but has breaking
changes (with `--operations`: changes that touch a given operation, or an operation that no
longer validates); 2 it does not compose, or the inputs could not be read.

JSON shape:

    {"ok": bool, "exitCode": 0|1|2, "supergraph": path, "proposed": {name: path},
     "problems": [str], "composition": {"ok": bool, "errors": [{"code", "message"}]},
     "changes": [{"category": "breaking"|"dangerous"|"safe", "kind", "coordinate", "message",
                  "operations": [name]}],
     "summary": {"breaking": n, "dangerous": n, "safe": n},
     "operations": null | [{"name", "source", "breakingChanges": [coordinate],
                            "errors": [message], "invalidBefore": [message]}]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..composition import CompositionError
from .diff import BREAKING, CATEGORIES, Change

EXIT_OK = 0
EXIT_BREAKING = 1
EXIT_FAILED = 2


@dataclass(frozen=True)
class ReportedChange:
    change: Change
    category: str  # the change's own category, or "dangerous" when it breaks none of the given operations
    operations: tuple[str, ...] = ()  # the given operations it touches

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "kind": self.change.kind,
            "coordinate": self.change.coordinate,
            "message": self.change.message,
            "operations": list(self.operations),
        }


@dataclass(frozen=True)
class OperationResult:
    name: str
    source: str
    breaking_changes: tuple[str, ...] = ()  # coordinates of the breaking changes that touch it
    errors: tuple[str, ...] = ()  # validation errors against the proposed API schema
    invalid_before: tuple[str, ...] = ()  # validation errors against the current one

    @property
    def broken(self) -> bool:
        return bool(self.breaking_changes) or (bool(self.errors) and not self.invalid_before)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "breakingChanges": list(self.breaking_changes),
            "errors": list(self.errors),
            "invalidBefore": list(self.invalid_before),
        }


@dataclass
class CheckReport:
    supergraph: str
    proposed: dict[str, str]  # subgraph name -> the proposed SDL's path
    problems: list[str] = field(default_factory=list)
    composition_errors: list[CompositionError] = field(default_factory=list)
    changes: list[ReportedChange] = field(default_factory=list)
    operations: list[OperationResult] | None = None

    def count(self, category: str) -> int:
        return sum(1 for c in self.changes if c.category == category)

    @property
    def exit_code(self) -> int:
        if self.problems or self.composition_errors:
            return EXIT_FAILED
        if self.count(BREAKING) or any(o.broken for o in self.operations or ()):
            return EXIT_BREAKING
        return EXIT_OK

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.exit_code == EXIT_OK,
            "exitCode": self.exit_code,
            "supergraph": self.supergraph,
            "proposed": dict(self.proposed),
            "problems": list(self.problems),
            "composition": {
                "ok": not self.composition_errors and not self.problems,
                "errors": [{"code": e.code, "message": e.message} for e in self.composition_errors],
            },
            "changes": [c.to_json() for c in self.changes],
            "summary": {category: self.count(category) for category in CATEGORIES},
            "operations": None if self.operations is None else [o.to_json() for o in self.operations],
        }

    def to_text(self) -> str:
        proposed = ", ".join(f"{name}={path}" for name, path in self.proposed.items())
        lines = [f"govgraph check: {proposed} against {self.supergraph}"]
        lines.extend(f"  error: {problem}" for problem in self.problems)
        if self.composition_errors:
            lines.append(f"Composition FAILED ({_count(len(self.composition_errors), 'error')}):")
            lines.extend(f"  {e.code}: {e.message}" for e in self.composition_errors)
        elif not self.problems:
            lines.append("Composition: ok")
            lines.extend(self._change_lines())
            lines.extend(self._operation_lines())
        lines.append(self._verdict())
        return "\n".join(lines)

    def _change_lines(self) -> list[str]:
        if not self.changes:
            return ["No changes to the API schema."]
        lines = []
        for category in CATEGORIES:
            chosen = [c for c in self.changes if c.category == category]
            if not chosen:
                continue
            lines.append(f"{category.capitalize()} changes ({len(chosen)}):")
            for reported in chosen:
                lines.append(f"  {reported.change.kind:<26} {reported.change.message}")
                if reported.operations:
                    lines.append(f"  {'':<26} used by: {', '.join(reported.operations)}")
        return lines

    def _operation_lines(self) -> list[str]:
        if self.operations is None:
            return []
        broken = [o for o in self.operations if o.broken]
        lines = [f"Operations: {len(self.operations)} checked, {len(broken)} broken"]
        for operation in broken:
            lines.append(f"  {operation.name} ({operation.source})")
            lines.extend(f"    {message}" for message in operation.errors)
        for operation in self.operations:
            if operation.invalid_before:
                lines.append(f"  note: {operation.name} does not validate against the current schema either")
        return lines

    def _verdict(self) -> str:
        code = self.exit_code
        if code == EXIT_FAILED:
            return "Result: FAILED (the proposal does not compose or could not be checked)"
        if code == EXIT_BREAKING:
            return f"Result: BREAKING ({_count(self.count(BREAKING), 'breaking change')})"
        return "Result: OK (no breaking changes)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
