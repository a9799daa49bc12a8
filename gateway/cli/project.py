"""Where the project is: the commands' default paths (`schema/supergraph.graphql`, `schema/subgraphs`)
are the project root's, so `govgraph check` and `govgraph compose` work from any folder inside it.

The root is `--project DIR` when given, else the nearest folder at or above the working directory
holding `schema/supergraph.graphql` or `pyproject.toml`.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GovgraphError

MARKERS = (Path("schema") / "supergraph.graphql", Path("pyproject.toml"))
SUPERGRAPH = Path("schema") / "supergraph.graphql"
SUBGRAPHS_DIR = Path("schema") / "subgraphs"


class ProjectNotFound(GovgraphError):
    """No project root: neither --project nor a marker file at or above the working directory."""


def find_project_root(project: str | Path | None = None, start: Path | None = None) -> Path:
    """The project root (see the module's documentation); ProjectNotFound says where it looked."""
    if project is not None:
        root = Path(project).resolve()
        if not root.is_dir():
            raise ProjectNotFound(f"--project {project}: not a folder")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).is_file() for marker in MARKERS):
            return folder
    names = " or ".join(str(marker) for marker in MARKERS)
    raise ProjectNotFound(f"no project found at or above {here} (looked for {names}); give --project DIR")


def shown(path: Path) -> Path:
    """`path` relative to the working directory when it is inside it (for messages), else as is."""
    try:
        return Path(os.path.relpath(path)) if path.resolve().is_relative_to(Path.cwd()) else path
    except ValueError:
        return path
