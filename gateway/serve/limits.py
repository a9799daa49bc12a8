"""The process's open-file budget: every client connection, every pooled subgraph connection
and every file is a descriptor, and a gateway that runs out refuses connections (EMFILE) while
idle ones hold theirs. At start the soft `RLIMIT_NOFILE` is raised to the hard limit."""

from __future__ import annotations

import logging

log = logging.getLogger("govgraph.serve")


def raise_open_files() -> tuple[int, int]:
    """Raise the soft limit on open files to the hard one (capped at 1,048,576 when unlimited);
    returns (soft before, soft now). Where there is no such limit (Windows) both are 0."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return 0, 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = 1_048_576 if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as error:
            log.warning("open files: cannot raise the soft limit %d to %d: %s", soft, target, error)
            return soft, soft
        return soft, target
    return soft, soft
