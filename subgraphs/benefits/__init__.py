"""Social insurance board subgraph: wraps the board's legacy REST/JSON API (see `legacy/`)."""
