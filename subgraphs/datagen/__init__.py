"""One seeded, deterministic generator for the whole government's data.

`generate_world(citizens=3000, seed=42)` builds a `World`; `python -m subgraphs.datagen`
builds one and calls each agency's `subgraphs.<agency>.legacy.seed.seed(world, data_dir)`.
"""

from subgraphs.datagen.world import (
    Address,
    Agency,
    Assessment,
    BenefitClaim,
    Citizen,
    DeclaredIncome,
    DrivingLicence,
    HealthInsurance,
    Household,
    Office,
    OpeningHours,
    PublicService,
    TaxAccount,
    Vehicle,
    World,
)

__all__ = [
    "Address",
    "Agency",
    "Assessment",
    "BenefitClaim",
    "Citizen",
    "DeclaredIncome",
    "DrivingLicence",
    "HealthInsurance",
    "Household",
    "Office",
    "OpeningHours",
    "PublicService",
    "TaxAccount",
    "Vehicle",
    "World",
    "generate_world",
]


def __getattr__(name: str):  # lazy, so importing the dataclasses stays cheap
    if name == "generate_world":
        from subgraphs.datagen.generate import generate_world

        return generate_world
    raise AttributeError(name)
