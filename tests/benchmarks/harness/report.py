"""Samples, medians, ratios and the Markdown/JSON report (pure functions)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Sample:
    """One measured round of one target."""

    target: str
    round: int
    rps: float
    p50_ms: float
    p99_ms: float
    peak_rss_mb: float | None
    subgraph_requests: float | None  # per client request; None when not counted
    errors: int
    check_ok: bool
    check_message: str = "ok"
    requests: int = 0


@dataclass(frozen=True)
class Summary:
    target: str
    label: str
    kind: str  # govgraph | peer | reference
    rounds: int
    rps: float
    p50_ms: float
    p99_ms: float
    peak_rss_mb: float | None
    subgraph_requests: float | None
    errors: int
    checks: str  # "ok" or the first failure


@dataclass(frozen=True)
class Ratio:
    govgraph: str
    peer: str
    rps: float  # median over rounds of govgraph RPS / peer RPS
    rps_low: float
    rps_high: float
    p99: float  # median over rounds of govgraph p99 / peer p99 (lower is better)


@dataclass
class TargetInfo:
    name: str
    label: str
    kind: str
    note: str = ""


@dataclass
class Report:
    title: str
    context: dict[str, str]
    summaries: list[Summary]
    ratios: list[Ratio] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def summarize(info: TargetInfo, samples: Sequence[Sample]) -> Summary:
    mine = [s for s in samples if s.target == info.name]
    failures = [s.check_message for s in mine if not s.check_ok]
    return Summary(
        target=info.name,
        label=info.label,
        kind=info.kind,
        rounds=len(mine),
        rps=_median([s.rps for s in mine]) or 0.0,
        p50_ms=_median([s.p50_ms for s in mine]) or 0.0,
        p99_ms=_median([s.p99_ms for s in mine]) or 0.0,
        peak_rss_mb=_median([s.peak_rss_mb for s in mine]),
        subgraph_requests=_median([s.subgraph_requests for s in mine]),
        errors=sum(s.errors for s in mine),
        checks=failures[0] if failures else ("ok" if mine else "not run"),
    )


def ratios(govgraph: str, peer: str, samples: Sequence[Sample]) -> Ratio | None:
    """govgraph/peer per round (rounds where both ran), as median and range."""
    ours = {s.round: s for s in samples if s.target == govgraph}
    theirs = {s.round: s for s in samples if s.target == peer}
    rounds = sorted(set(ours) & set(theirs))
    rps = [ours[r].rps / theirs[r].rps for r in rounds if theirs[r].rps > 0]
    p99 = [ours[r].p99_ms / theirs[r].p99_ms for r in rounds if theirs[r].p99_ms > 0]
    if not rps:
        return None
    return Ratio(govgraph, peer, statistics.median(rps), min(rps), max(rps), _median(p99) or 0.0)


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def markdown_table(summaries: Sequence[Summary]) -> list[str]:
    lines = [
        "| target | RPS | p50 ms | p99 ms | peak RSS MB | subgraph req / client req | errors | response |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s.label} | {_num(s.rps)} | {_num(s.p50_ms, 1)} | {_num(s.p99_ms, 1)} | "
            f"{_num(s.peak_rss_mb)} | {_num(s.subgraph_requests, 2)} | {s.errors} | {s.checks} |"
        )
    return lines


def markdown_ratios(found: Sequence[Ratio], labels: dict[str, str]) -> list[str]:
    if not found:
        return []
    lines = [
        "| govgraph / peer | RPS ratio (median of rounds) | per-round range | p99 ratio (lower is better) |",
        "|---|---:|---:|---:|",
    ]
    for r in found:
        name = f"{labels.get(r.govgraph, r.govgraph)} / {labels.get(r.peer, r.peer)}"
        lines.append(f"| {name} | {r.rps:.2f}x | {r.rps_low:.2f}-{r.rps_high:.2f} | {r.p99:.2f}x |")
    return lines


def markdown(report: Report) -> str:
    lines = [f"### {report.title}", ""]
    lines += [f"- {key}: {value}" for key, value in report.context.items()]
    lines += ["", *markdown_table(report.summaries), ""]
    labels = {s.target: s.label for s in report.summaries}
    table = markdown_ratios(report.ratios, labels)
    if table:
        lines += [*table, ""]
    lines += [f"- {note}" for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"


def as_json(report: Report, samples: Sequence[Sample]) -> dict[str, Any]:
    return {
        "title": report.title,
        "context": report.context,
        "summaries": [asdict(s) for s in report.summaries],
        "ratios": [asdict(r) for r in report.ratios],
        "samples": [asdict(s) for s in samples],
        "notes": report.notes,
    }
