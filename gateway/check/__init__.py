"""`govgraph check`: does a proposed subgraph schema compose, and which clients would it break?"""

from .diff import BREAKING, DANGEROUS, SAFE, Change, diff_schemas
from .report import CheckReport
from .run import CheckRequest, run_check

__all__ = [
    "BREAKING",
    "DANGEROUS",
    "SAFE",
    "Change",
    "CheckReport",
    "CheckRequest",
    "diff_schemas",
    "run_check",
]
