"""The benchmark harness: `python -m tests.benchmarks.harness` (or `make bench`).

The standard workload (tests/benchmarks/workload) through govgraph, the Node peers and the
no-gateway references, and the citizen Dashboard over the agency platform; wrk closed-loop load,
gateway and load generator pinned to different cores; medians of interleaved rounds.
"""
