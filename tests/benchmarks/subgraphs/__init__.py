"""The standard federation benchmark's four subgraphs, served from one ASGI app.

python -m tests.benchmarks.subgraphs --port 4200
"""

from tests.benchmarks.subgraphs.app import BenchApp, create_app, create_subgraph_app
from tests.benchmarks.subgraphs.subgraphs import NAMES

__all__ = ["NAMES", "BenchApp", "create_app", "create_subgraph_app"]
