"""What is wrong with a config file: every problem found, each with its place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import GovgraphError


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, 1-based line and column when known, dotted path) and what."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.message}"


class ConfigError(GovgraphError):
    """A config that cannot be used. `str(error)` is one line per problem, e.g.
    "govgraph.yaml:12:5: unknown key 'tiemout' in subgraphs.tax (known: timeout, url)";
    `.problems` lists every problem found, in the order of the file."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _order(problem: Problem) -> tuple[str, int, int]:
    return (problem.file, problem.line or 0, problem.column or 0)
