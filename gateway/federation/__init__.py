"""The federation and link specs the gateway knows, as data.

A bottom layer: it imports nothing else of gateway's, and both the runtime
(`gateway.supergraph`, `gateway.plan`) and the composition library read it.

    specs.py             what an entry is (Spec, DirectiveSpec, ArgSpec, TypeSpec)
    table.py             the federation spec, link/core, GraphQL's built-ins
    supergraph_specs.py  join v0.1-v0.5, tag, inaccessible, the other linked specs
    lookup.py            questions asked of the table
"""
