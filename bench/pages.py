"""The portal's pages as the benchmarks request them, with the login each needs."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.scale import CHAIR_EMAIL, STAFF_EMAIL
from budget.models import Invoice
from meetings.models import Invitation, Letter
from members.models import Person


def client_of(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client


def pages() -> list[tuple[str, str, str]]:
    """(name, login e-mail or "", path) of every page of the portal worth counting."""
    chair = Person.objects.get(email=CHAIR_EMAIL)
    association = chair.roles.first().association_id
    invitation = Invitation.objects.filter(person=chair).order_by("-meeting__starts_at").first()
    invoice = Invoice.objects.filter(association_id=association).order_by("-issued_on").first()
    letter = Letter.objects.order_by("-sent_at").first()
    return [
        ("Startsida", CHAIR_EMAIL, "/"),
        ("Startsida: kansliet", STAFF_EMAIL, "/"),
        ("Mötesplanen", "", "/moten/plan/2026/"),
        ("Mötesplanen som kalender", "", "/moten/plan.ics"),
        ("Mina möten", CHAIR_EMAIL, "/moten/"),
        ("En inbjudan", CHAIR_EMAIL, f"/moten/inbjudan/{invitation.pk}/"),
        ("Ett möte", CHAIR_EMAIL, f"/moten/mote/{invitation.meeting_id}/"),
        ("Mina fakturor", CHAIR_EMAIL, "/fakturor/"),
        ("Brevarkivet", CHAIR_EMAIL, "/brev/"),
        ("Ett brev", CHAIR_EMAIL, f"/brev/{letter.pk}/"),
        ("Protokollen", CHAIR_EMAIL, "/brev/protokoll/"),
        ("Mitt förbund", CHAIR_EMAIL, f"/mitt-forbund/{association}/"),
        ("Kontaktuppgifter", CHAIR_EMAIL, f"/mitt-forbund/{association}/kontaktuppgifter/"),
        ("Medlemmar", CHAIR_EMAIL, "/medlemmar/"),
        ("Budget", STAFF_EMAIL, "/budget/"),
        ("Utfall mot budget", STAFF_EMAIL, "/budget/utfall/?ar=2026"),
        ("Admin: start", STAFF_EMAIL, "/admin/"),
        ("Admin: förbund", STAFF_EMAIL, "/admin/members/association/"),
        ("Admin: ett förbund", STAFF_EMAIL, f"/admin/members/association/{association}/change/"),
        ("Admin: personer", STAFF_EMAIL, "/admin/members/person/"),
        ("Admin: roller", STAFF_EMAIL, "/admin/members/role/"),
        ("Admin: möten", STAFF_EMAIL, "/admin/meetings/meeting/"),
        (
            "Admin: deltagare",
            STAFF_EMAIL,
            f"/admin/meetings/meeting/{invitation.meeting_id}/deltagare/",
        ),
        ("Admin: brev", STAFF_EMAIL, "/admin/meetings/letter/"),
        ("Admin: fakturor", STAFF_EMAIL, "/admin/budget/invoice/"),
        ("Admin: en faktura", STAFF_EMAIL, f"/admin/budget/invoice/{invoice.pk}/change/"),
        ("Admin: utskick", STAFF_EMAIL, "/admin/nns_portal/outboxmessage/"),
    ]


def query_counts() -> dict[str, int]:
    """The queries of each page, at its second request (the first fills the caches)."""
    clients: dict[str, Client] = {"": Client()}
    counts = {}
    for name, email, path in pages():
        client = clients.get(email) or clients.setdefault(email, client_of(email))
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        counts[name] = len(queries)
    return counts
