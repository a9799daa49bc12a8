"""Population register subgraph: owns `Citizen`, wraps a 1990s relational database."""
