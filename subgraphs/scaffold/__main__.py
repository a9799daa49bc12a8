"""`python -m subgraphs.scaffold NAME [--port N] [--dir subgraphs]`, the same as `govgraph new-subgraph`."""

import sys

from gateway.cli import main

raise SystemExit(main(["new-subgraph", *sys.argv[1:]]))
