"""Service catalogue subgraph ("my government"): agencies, public services, offices, eligibility."""
