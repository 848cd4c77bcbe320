"""The standard agenda of NNS's annual and members' meetings (docs/domain.md): the opening
items of a Swedish association meeting, then what each kind of meeting decides.

The data migration ``0010_standard_agenda`` created it once, from its own frozen copy; staff
may have changed it since (*Standarddagordning* in the admin).
"""

FORMALITY, MATTER, ELECTION, MOTIONS, INFORMATION = (
    "formalia", "beslut", "val", "motion", "information",
)  # fmt: skip

# title, kind, proposed decision, the role an election fills, its seats
OPENING = [
    ("Mötets öppnande", FORMALITY, "", "", None),
    ("Val av ordförande för mötet", FORMALITY, "", "", None),
    ("Val av sekreterare för mötet", FORMALITY, "", "", None),
    ("Val av två justerare tillika rösträknare", FORMALITY, "", "", None),
    ("Fastställande av röstlängd", FORMALITY, "Röstlängden fastställs enligt upprop.", "", None),
    (
        "Fråga om mötet har utlysts i behörig ordning",
        FORMALITY,
        "Mötet förklaras behörigen utlyst.",
        "",
        None,
    ),
    ("Fastställande av dagordning", FORMALITY, "Dagordningen fastställs.", "", None),
]
ANNUAL = [
    *OPENING,
    ("Styrelsens verksamhetsberättelse", INFORMATION, "", "", None),
    ("Ekonomisk redovisning och utfall mot budget", INFORMATION, "", "", None),
    ("Revisorernas berättelse", INFORMATION, "", "", None),
    (
        "Fastställande av resultat- och balansräkning",
        MATTER,
        "Resultat- och balansräkningen fastställs.",
        "",
        None,
    ),
    (
        "Beslut om ansvarsfrihet för styrelsen",
        MATTER,
        "Styrelsen beviljas ansvarsfrihet för verksamhetsåret.",
        "",
        None,
    ),
    ("Motioner", MOTIONS, "", "", None),
    ("Val av ordförande", ELECTION, "", "nns_ordforande", 1),
    ("Val av styrelseledamöter", ELECTION, "", "nns_styrelseledamot", 4),
    ("Val av revisorer", ELECTION, "", "nns_revisor", 2),
    ("Val av valberedning", ELECTION, "", "nns_valberedning", 3),
    ("Mötets avslutande", FORMALITY, "", "", None),
]
MEMBERS = [
    *OPENING,
    (
        "Verksamhetsplan för nästa år",
        MATTER,
        "Verksamhetsplanen fastställs enligt styrelsens förslag.",
        "",
        None,
    ),
    (
        "Budget och avgifter för nästa år",
        MATTER,
        "Budgeten och medlemsavgifterna fastställs enligt styrelsens förslag.",
        "",
        None,
    ),
    ("Motioner", MOTIONS, "", "", None),
    ("Mötets avslutande", FORMALITY, "", "", None),
]

STANDARD_AGENDA = {"arsmote": ANNUAL, "medlemsmote": MEMBERS}
