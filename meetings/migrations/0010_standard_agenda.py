"""The standard agenda of NNS's annual and members' meetings, which staff may edit."""

from django.db import migrations

F, M, E, MO, I = "formalia", "beslut", "val", "motion", "information"
OPENING = [
    ("Mötets öppnande", F, "", "", None),
    ("Val av ordförande för mötet", F, "", "", None),
    ("Val av sekreterare för mötet", F, "", "", None),
    ("Val av två justerare tillika rösträknare", F, "", "", None),
    ("Fastställande av röstlängd", F, "Röstlängden fastställs enligt upprop.", "", None),
    ("Fråga om mötet har utlysts i behörig ordning", F, "Mötet förklaras behörigen utlyst.", "", None),
    ("Fastställande av dagordning", F, "Dagordningen fastställs.", "", None),
]
ANNUAL = OPENING + [
    ("Styrelsens verksamhetsberättelse", I, "", "", None),
    ("Ekonomisk redovisning och utfall mot budget", I, "", "", None),
    ("Revisorernas berättelse", I, "", "", None),
    ("Fastställande av resultat- och balansräkning", M, "Resultat- och balansräkningen fastställs.", "", None),
    ("Beslut om ansvarsfrihet för styrelsen", M, "Styrelsen beviljas ansvarsfrihet för verksamhetsåret.", "", None),
    ("Motioner", MO, "", "", None),
    ("Val av ordförande", E, "", "nns_ordforande", 1),
    ("Val av styrelseledamöter", E, "", "nns_styrelseledamot", 4),
    ("Val av revisorer", E, "", "nns_revisor", 2),
    ("Val av valberedning", E, "", "nns_valberedning", 3),
    ("Mötets avslutande", F, "", "", None),
]
MEMBERS = OPENING + [
    ("Verksamhetsplan för nästa år", M, "Verksamhetsplanen fastställs enligt styrelsens förslag.", "", None),
    ("Budget och avgifter för nästa år", M, "Budgeten och medlemsavgifterna fastställs enligt styrelsens förslag.", "", None),
    ("Motioner", MO, "", "", None),
    ("Mötets avslutande", F, "", "", None),
]  # fmt: skip


def add(apps, schema_editor):
    Item = apps.get_model("meetings", "AgendaTemplateItem")
    for code, items in (("arsmote", ANNUAL), ("medlemsmote", MEMBERS)):
        Item.objects.bulk_create(
            Item(meeting_type=code, position=n, title=title, kind=kind, proposal=proposal,
                 role_kind=role, seats=seats)
            for n, (title, kind, proposal, role, seats) in enumerate(items, start=1)
        )  # fmt: skip


def remove(apps, schema_editor):
    apps.get_model("meetings", "AgendaTemplateItem").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_decisions")]
    operations = [migrations.RunPython(add, remove)]
