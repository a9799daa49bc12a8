"""The service catalogue: agencies, public services (with eligibility rules) and offices.

Rules are small codes the services subgraph evaluates (subgraphs/services/rules.py):
clauses joined by ' AND ', each `NAME` or `NAME:ARG`, e.g. `AGE_AT_LEAST:18 AND HAS_VEHICLE`.
"""

from __future__ import annotations

import random

from subgraphs.datagen.world import Agency, Office, OpeningHours, PublicService

AGENCIES = (
    Agency("registry", "Population Register", "https://www.rahvastikuregister.ee"),
    Agency("tax", "Tax and Customs Board", "https://www.emta.ee"),
    Agency("transport", "Transport Administration", "https://www.transpordiamet.ee"),
    Agency("benefits", "Social Insurance Board", "https://www.sotsiaalkindlustusamet.ee"),
    Agency("health", "Health Insurance Fund", "https://www.tervisekassa.ee"),
    Agency("police", "Police and Border Guard Board", "https://www.politsei.ee"),
)

# (id, agency, name, description, how to apply, rule)
_SERVICES = (
    (
        "reg-residence",
        "registry",
        "Register your place of residence",
        "Tell the population register where you live so services reach you.",
        "Online in the self-service portal or at a local government office.",
        "ALWAYS",
    ),
    (
        "reg-birth",
        "registry",
        "Register a birth",
        "Register a newborn child and choose the child's name.",
        "Online within one month of the birth, or at a registry office.",
        "HAS_CHILD_UNDER:1",
    ),
    (
        "reg-marriage",
        "registry",
        "Register a marriage",
        "Book a time to register a marriage.",
        "Book online; both partners attend in person.",
        "AGE_AT_LEAST:18",
    ),
    (
        "tax-return",
        "tax",
        "Submit your income tax return",
        "Check the pre-filled return and confirm it.",
        "In e-MTA between 15 February and 30 April.",
        "AGE_AT_LEAST:18 AND HAS_INCOME",
    ),
    (
        "tax-refund-low",
        "tax",
        "Low-income tax refund",
        "People with a low annual income get back tax paid above the basic exemption.",
        "Claimed automatically with the income tax return.",
        "HAS_INCOME AND INCOME_BELOW:14000",
    ),
    (
        "tax-sole-trader",
        "tax",
        "Register as a sole proprietor",
        "Start a business as a sole proprietor.",
        "Online in the business register.",
        "AGE_AT_LEAST:18",
    ),
    (
        "tax-motor-vehicle",
        "tax",
        "Pay motor vehicle tax",
        "Annual tax on registered vehicles.",
        "Pay by bank transfer after the notice in e-MTA.",
        "HAS_VEHICLE",
    ),
    (
        "tr-inspection",
        "transport",
        "Vehicle technical inspection",
        "Book the periodic roadworthiness inspection.",
        "Book online at an inspection station.",
        "HAS_VEHICLE",
    ),
    (
        "tr-licence-renew",
        "transport",
        "Renew a driving licence",
        "Replace a driving licence that is expiring.",
        "Online with a health certificate, or at a service office.",
        "AGE_AT_LEAST:18",
    ),
    (
        "tr-learner",
        "transport",
        "Learner driver permit",
        "Start driving lessons for category B.",
        "Through a driving school; the permit is issued online.",
        "AGE_AT_LEAST:16 AND AGE_BELOW:30",
    ),
    (
        "tr-transfer",
        "transport",
        "Transfer vehicle ownership",
        "Register a sale or purchase of a vehicle.",
        "Online by both parties, or at a service office.",
        "HAS_VEHICLE",
    ),
    (
        "ben-family",
        "benefits",
        "Family allowances",
        "Monthly child allowance for each child.",
        "Apply once in the self-service portal.",
        "HAS_CHILD_UNDER:19",
    ),
    (
        "ben-large-family",
        "benefits",
        "Large family allowance",
        "Additional allowance for families with three or more children.",
        "Paid automatically with family allowances.",
        "CHILDREN_AT_LEAST:3",
    ),
    (
        "ben-parental",
        "benefits",
        "Parental benefit",
        "Benefit for a parent caring for a child under 18 months.",
        "Apply in the self-service portal.",
        "HAS_CHILD_UNDER:2",
    ),
    (
        "ben-pension",
        "benefits",
        "Old-age pension",
        "State pension from pensionable age.",
        "Apply online up to one month before pensionable age.",
        "AGE_AT_LEAST:65",
    ),
    (
        "ben-subsistence",
        "benefits",
        "Subsistence benefit",
        "Support when household income is below the subsistence level.",
        "Apply at your local government's social department.",
        "AGE_AT_LEAST:18 AND INCOME_BELOW:6000",
    ),
    (
        "hl-ehic",
        "health",
        "European Health Insurance Card",
        "Medical care while travelling in the EU.",
        "Order online; the card is mailed to you.",
        "ALWAYS",
    ),
    (
        "hl-dental",
        "health",
        "Adult dental care benefit",
        "Yearly compensation for dental care.",
        "Given at the dentist when you pay.",
        "AGE_AT_LEAST:19",
    ),
    (
        "hl-school-check",
        "health",
        "School health check",
        "Regular health checks by the school nurse.",
        "Arranged by the school.",
        "AGE_BELOW:19",
    ),
    (
        "pol-id-card",
        "police",
        "Apply for an ID card",
        "The ID card is the mandatory identity document.",
        "Online in the self-service, or at a service office.",
        "ALWAYS",
    ),
    (
        "pol-passport",
        "police",
        "Apply for a passport",
        "Passport for travel outside the EU.",
        "Online in the self-service, or at a service office.",
        "ALWAYS",
    ),
    (
        "pol-firearms",
        "police",
        "Firearms permit",
        "Permit to own a firearm for hunting or sport.",
        "Apply at a service office after the exam.",
        "AGE_AT_LEAST:21",
    ),
)

PUBLIC_SERVICES = tuple(PublicService(*row) for row in _SERVICES)

# (agency, city, street)
_OFFICES = (
    ("registry", "Tallinn", "Pärnu mnt 15"),
    ("registry", "Tartu", "Raekoja plats 3"),
    ("tax", "Tallinn", "Lõõtsa 8a"),
    ("tax", "Tartu", "Riia 15"),
    ("tax", "Pärnu", "Aida 6"),
    ("transport", "Tallinn", "Mäealuse 5"),
    ("transport", "Narva", "Kerese 3"),
    ("benefits", "Tallinn", "Endla 8"),
    ("benefits", "Jõhvi", "Rakvere 8"),
    ("benefits", "Viljandi", "Vaksali 4"),
    ("health", "Tallinn", "Lastekodu 48"),
    ("health", "Kuressaare", "Tallinna 23"),
    ("police", "Tallinn", "Tammsaare tee 47"),
    ("police", "Tartu", "Riia 132"),
    ("police", "Pärnu", "Aia 5"),
)


def _opening_hours(rng: random.Random) -> tuple[OpeningHours, ...]:
    opens = rng.choice(("08:30", "09:00", "10:00"))
    closes = rng.choice(("16:30", "17:00", "18:00"))
    week = [OpeningHours(day, opens, closes) for day in range(1, 6)]
    if rng.random() < 0.5:  # late Thursday
        week[3] = OpeningHours(4, opens, "19:00")
    if rng.random() < 0.3:
        week.append(OpeningHours(6, "10:00", "14:00"))
    return tuple(week)


def make_offices(rng: random.Random) -> tuple[Office, ...]:
    names = {agency.id: agency.name for agency in AGENCIES}
    return tuple(
        Office(f"office-{n:02d}", agency_id, f"{names[agency_id]}, {city}", street, city, _opening_hours(rng))
        for n, (agency_id, city, street) in enumerate(_OFFICES, start=1)
    )
