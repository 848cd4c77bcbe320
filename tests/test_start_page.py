"""The start page shows the person logged in what is due, and staff what needs the office."""

import datetime

import pytest
from django.urls import reverse

from budget.invoicing.services import invoice_run_create, payment_register
from meetings import services
from meetings.letters import services as letter_services
from meetings.models import Letter, MeetingType
from nns_portal.models import OutboxMessage
from tests.factories import STOCKHOLM, MeetingFactory, annual_meeting, meeting_type
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def start_page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return " ".join(response.text.split())


@pytest.fixture
def due(invoicing, frozen, send):
    """A chairs' meeting to answer, an annual meeting whose delegate is not named, an open
    invoice, a partly paid one and a letter sent last week."""
    scene = invoicing
    chairs = MeetingFactory()
    annual = annual_meeting(datetime.date(2027, 4, 20))
    send(services.invitations_send, meeting=chairs)
    send(services.invitations_send, meeting=annual)
    alfa = issue(scene.a)
    payment_register(
        invoice=alfa, paid_on=RUN_DATE, amount=alfa.total_amount - 550, note="", user=None
    )
    board = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 11, 17, 9, 0, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 11, 17, 12, 0, tzinfo=STOCKHOLM),
    )
    letter = Letter.objects.create(board_meeting=board, title="Brev i november", body="Hej")
    send(letter_services.letter_send, letter=letter)
    return scene, alfa


def test_a_chair_sees_what_to_answer_name_pay_and_read(client, due):
    scene, alfa = due

    text = start_page(client, scene.chair_a.user)

    assert "Svara på inbjudan: Ordförandeträff" in text
    assert f"Utse ombud för {scene.a.name} till Årsmöte" in text
    assert f"Faktura {alfa.number} till {scene.a.name}: 550 kr kvar att betala" in text
    assert "Nytt brev: Brev i november" in text
    assert "För kansliet" not in text


def test_someone_with_nothing_due_is_told_so(client, invoicing):
    text = start_page(client, invoicing.chair_former.user)
    assert "Inget väntar på dig just nu." in text


def test_staff_see_failed_e_mails_runs_under_way_and_missing_letters(client, invoicing, frozen):
    MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 11, 3, 9, 0, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 11, 3, 12, 0, tzinfo=STOCKHOLM),
    )
    OutboxMessage.objects.create(
        key="test:1", category="letter", to="a@forbund.example", subject="Hej", body_text="Hej",
        message_id="<1@nns.example>", status=OutboxMessage.Status.FAILED,
    )  # fmt: skip
    invoice_run_create(fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None)

    text = start_page(client, invoicing.staff)

    assert "För kansliet" in text
    assert "1 e-postmeddelande kunde inte levereras" in text
    assert "Fakturering 2026" in text and "pågår" in text
    assert "Inget brev har gått ut efter styrelsemötet 2026-11-03" in text
    assert text.count("För kansliet</h2>") == 1, "one section for the office, from every app"
