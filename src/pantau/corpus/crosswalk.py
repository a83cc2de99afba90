"""How pantau's event types map onto PLOVER, CAMEO (for GDELT-shaped rows) and ACLED.

These are derivations, not the target projects' own coding: docs/exports.md
explains each choice. Sources: PLOVER manual (quad categories, CAMEO cue
categories), CAMEO codebook 1.1b3 (codes, Goldstein weights of the cue
categories), ACLED codebook (event types and sub-event types).
"""

from __future__ import annotations

import pycountry

# Planned cooperation is an intent to cooperate: PLOVER (and CAMEO 03) code it AGREE.
PLANNED_AS_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
# pantau's own categories outside PLOVER's sixteen (LAUNCH is PLOVER MOBILIZE/weapons).
EXTENSIONS = frozenset({"ACCIDENT", "DISASTER"})

QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
        "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
        "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4, "LAUNCH": 4}


def plover_category(type_: str, mode: str | None, status: str) -> tuple[str, str | None]:
    """The PLOVER (event, mode) for a pantau (type, mode, status)."""
    if status == "planned" and type_ in PLANNED_AS_AGREE:
        return "AGREE", None
    if type_ == "LAUNCH":
        return "MOBILIZE", "weapons"
    return type_, mode


# CAMEO cue category of each PLOVER category, refined by mode where CAMEO has a code.
CAMEO_ROOT = {"AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
              "CONCEDE": "08", "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11",
              "REJECT": "12", "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15",
              "SANCTION": "16", "COERCE": "17", "ASSAULT": "18"}
CAMEO_MODE = {
    ("CONSULT", "phone"): "041", ("CONSULT", "visit"): "042",
    ("CONSULT", "third-party"): "044", ("RETREAT", "release"): "084",
    ("RETREAT", "access"): "086", ("RETREAT", "ceasefire"): "0871",
    ("RETREAT", "withdraw"): "0874", ("RETREAT", "disarm"): "0873",
    ("ACCUSE", "investigate"): "090", ("ACCUSE", "disapprove"): "111",
    ("ACCUSE", "allege"): "112", ("PROTEST", "demo"): "141", ("PROTEST", "hunger"): "142",
    ("PROTEST", "strike"): "143", ("PROTEST", "obstruct"): "144", ("PROTEST", "riot"): "145",
    ("MOBILIZE", "police"): "153", ("MOBILIZE", "troops"): "154",
    ("PROTEST", "boycott"): "143", ("THREATEN", "violence"): "138",
    ("SANCTION", "expel"): "166", ("COERCE", "seize"): "171", ("COERCE", "arrest"): "173",
    ("COERCE", "deport"): "174", ("COERCE", "crowd-control"): "175",
    ("ASSAULT", "abduct"): "181", ("ASSAULT", "beat"): "182", ("ASSAULT", "sexual"): "1821",
    ("ASSAULT", "torture"): "1822", ("ASSAULT", "explosives"): "183",
    ("ASSAULT", "suicide-attack"): "1831", ("ASSAULT", "targeted"): "186",
    ("ASSAULT", "firearms"): "193", ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "aerial"): "195", ("ASSAULT", "drone"): "195",
    ("ASSAULT", "unconventional"): "200",
}
# Goldstein weight of each cue category's general code (CAMEO 030, 040 …).
GOLDSTEIN = {"03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
             "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
             "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0}


def cameo_code(event: str, mode: str | None) -> str | None:
    """A CAMEO event code for a PLOVER (event, mode); None outside CAMEO."""
    code = CAMEO_MODE.get((event, mode or ""))
    if code:
        return code
    root = CAMEO_ROOT.get(event)
    return root + "0" if root else None


# (disorder type, event type, sub-event type) in ACLED's terms; None: not in ACLED's scope.
_VIOLENCE = "Political violence"
_STRATEGIC = "Strategic developments"
_CIVILIANS = (_VIOLENCE, "Violence against civilians", "Attack")
ACLED_MODE = {
    ("PROTEST", "riot"): ("Demonstrations", "Riots", "Violent demonstration"),
    ("PROTEST", "vandalize"): ("Demonstrations", "Riots", "Violent demonstration"),
    ("ASSAULT", "aerial"): (_VIOLENCE, "Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "drone"): (_VIOLENCE, "Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "heavy-weapons"): (_VIOLENCE, "Explosions/Remote violence",
                                   "Shelling/artillery/missile attack"),
    ("ASSAULT", "explosives"): (_VIOLENCE, "Explosions/Remote violence",
                                "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide-attack"): (_VIOLENCE, "Explosions/Remote violence", "Suicide bomb"),
    ("ASSAULT", "abduct"): (_VIOLENCE, "Violence against civilians",
                           "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): (_VIOLENCE, "Violence against civilians", "Sexual violence"),
    ("ASSAULT", "beat"): _CIVILIANS, ("ASSAULT", "torture"): _CIVILIANS,
    ("ASSAULT", "targeted"): _CIVILIANS, ("ASSAULT", "primitive"): _CIVILIANS,
    ("ASSAULT", "destroy"): (_STRATEGIC, _STRATEGIC, "Looting/property destruction"),
    ("ASSAULT", "crowd-control"): ("Demonstrations", "Protests",
                                   "Excessive force against protesters"),
    ("COERCE", "arrest"): (_STRATEGIC, _STRATEGIC, "Arrests"),
    ("RETREAT", "ceasefire"): (_STRATEGIC, _STRATEGIC, "Agreement"),
    ("RETREAT", "release"): (_STRATEGIC, _STRATEGIC, "Agreement"),
    ("RETREAT", "withdraw"): (_STRATEGIC, _STRATEGIC, "Non-violent transfer of territory"),
}
ACLED_TYPE = {
    "PROTEST": ("Demonstrations", "Protests", "Peaceful protest"),
    # An attack whose mode is unknown: ACLED's generic armed-violence class.
    "ASSAULT": (_VIOLENCE, "Battles", "Armed clash"),
    "COERCE": (_STRATEGIC, _STRATEGIC, "Other"),
    "MOBILIZE": (_STRATEGIC, _STRATEGIC, "Other"),
    "LAUNCH": (_STRATEGIC, _STRATEGIC, "Other"),
}


def acled_class(type_: str, mode: str | None) -> tuple[str, str, str] | None:
    return ACLED_MODE.get((type_, mode or "")) or ACLED_TYPE.get(type_)


def country(kb: str | None) -> pycountry.db.Country | None:
    """The country an ISO 3166 alpha-2 knowledge-base id names, else None."""
    if not kb or len(kb) != 2 or not kb.isalpha():
        return None
    return pycountry.countries.get(alpha_2=kb.upper())
