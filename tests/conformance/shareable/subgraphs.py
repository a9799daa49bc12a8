"""shareable: @shareable value types and fields resolved by several subgraphs, and a shared root field.

    stations  Query.stations @shareable; Station @key(id) { name @shareable, location @shareable }
    weather   the same Query.stations @shareable; Station { name, location (shareable), temperature }
    air       Station @key(id) { location @shareable, airQuality }   (no Query.stations)

Query.forecast @shareable is in weather AND air and returns Forecast, a value type with no key:
{ region @shareable, temperatureTomorrow (weather only) } / { region, pollenLevel (air only) }.
Asking for both halves needs both root fields, merged into one object.

Coordinates is a @shareable value type in all three. Every subgraph returns the same values for the
shared fields, so the gateway may take them from any of them; only the request counts differ.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

STATIONS = {
    "ST-1": ("Harku", (59.398, 24.602), -3.5, 12),
    "ST-2": ("Tooravere", (58.264, 26.466), -6.0, 8),
}

FORECAST_REGION = "North Estonia"


def _coords(station_id: str) -> Coordinates:
    lat, lon = STATIONS[station_id][1]
    return Coordinates(lat=lat, lon=lon)


@strawberry.federation.type(shareable=True)
class Coordinates:
    lat: float
    lon: float


# --- stations ---------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"])
class Station:
    id: strawberry.ID
    name: str = strawberry.federation.field(shareable=True)
    location: Coordinates = strawberry.federation.field(shareable=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Station:
        return cls(id=id, name=STATIONS[id][0], location=_coords(id))


@strawberry.type(name="Query")
class StationsQuery:
    @strawberry.federation.field(shareable=True)
    def stations(self) -> list[Station]:
        return [Station.resolve_reference(strawberry.ID(s)) for s in STATIONS]


stations = strawberry.federation.Schema(query=StationsQuery, federation_version="2.3")


# --- weather ----------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Station")
class WeatherStation:
    id: strawberry.ID
    name: str = strawberry.federation.field(shareable=True)
    location: Coordinates = strawberry.federation.field(shareable=True)
    temperature: float

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> WeatherStation:
        return cls(id=id, name=STATIONS[id][0], location=_coords(id), temperature=STATIONS[id][2])


@strawberry.federation.type(name="Forecast")
class WeatherForecast:
    region: str = strawberry.federation.field(shareable=True)
    temperature_tomorrow: float


@strawberry.type(name="Query")
class WeatherQuery:
    @strawberry.federation.field(shareable=True)
    def stations(self) -> list[WeatherStation]:
        return [WeatherStation.resolve_reference(strawberry.ID(s)) for s in STATIONS]

    @strawberry.federation.field(shareable=True)
    def forecast(self) -> WeatherForecast:
        return WeatherForecast(region=FORECAST_REGION, temperature_tomorrow=-1.5)


weather = strawberry.federation.Schema(query=WeatherQuery, federation_version="2.3")


# --- air --------------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Station")
class AirStation:
    id: strawberry.ID
    location: Coordinates = strawberry.federation.field(shareable=True)
    air_quality: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> AirStation:
        return cls(id=id, location=_coords(id), air_quality=STATIONS[id][3])


@strawberry.federation.type(name="Forecast")
class AirForecast:
    region: str = strawberry.federation.field(shareable=True)
    pollen_level: int


@strawberry.type(name="Query")
class AirQuery:
    @strawberry.federation.field(shareable=True)
    def forecast(self) -> AirForecast:
        return AirForecast(region=FORECAST_REGION, pollen_level=2)


air = strawberry.federation.Schema(query=AirQuery, types=[AirStation], federation_version="2.3")

SCHEMAS = {"stations": stations, "weather": weather, "air": air}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
