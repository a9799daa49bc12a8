"""The social insurance board's legacy REST/JSON API (its own process) and its SQLite store.

Run it: `python -m subgraphs.benefits.legacy --data-dir DIR --port 4304`.
"""
