"""Shaping: the merged subgraph data -> exactly the client's selection, with the spec's null
propagation and errors.

    selection.py   field collection per (selection sets, type), shared by both paths
    fields.py      FieldShape / Unusual: what the compiled path knows of a field
    compile.py     the selection compiled per condition values into field lists ...
    codegen.py     ... and those into generated Python functions (the fast path)
    exact.py       the exact, path-tracking walker that writes errors (the fallback)
    shaper.py      `Shaper`: the fast path, and the exact walker when it meets anything unusual
"""

from .shaper import Shaper

__all__ = ["Shaper"]
