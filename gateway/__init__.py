"""govgraph: a federated GraphQL gateway (Apollo Federation v1/v2 supergraphs)."""

__version__ = "0.1.0"
