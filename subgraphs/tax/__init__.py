"""Tax and customs board subgraph: wraps the board's SOAP 1.1 web service (see `legacy/`)."""
