"""`govgraph new-subgraph NAME`: scaffolds a working agency subgraph and registers it in the agencies
file (`command.py`; the generated files are `templates.py`)."""
