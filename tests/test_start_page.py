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


def test_the_office_sees_what_is_due_and_each_line_goes_when_it_is_done(client, due, send):
    from budget.models import PaymentFile
    from meetings.annual.services import motion_answer, motion_submit
    from meetings.models import AreaMeetingRequest, Meeting

    scene, _alfa = due
    beta = issue(scene.b)
    payment_register(  # over-paid by 100 kr
        invoice=beta, paid_on=RUN_DATE, amount=beta.total_amount + 100, note="", user=None
    )
    request = AreaMeetingRequest.objects.create(
        association=scene.a, area=scene.a.area, requested_by=scene.chair_a, message="Träff?"
    )
    annual = Meeting.objects.get(title="Årsmöte")
    motion = motion_submit(
        meeting=annual, association=scene.a, person=scene.chair_a, title="Motion", text="Vi yrkar"
    )
    PaymentFile.objects.create(name="bgmax-0305.txt", content=b"01", sha256="0" * 64)

    text = start_page(client, scene.staff)

    assert "1 faktura är förfallen och inte betald fullt ut" in text
    assert "1 faktura är överbetald" in text
    assert "Betalningsfilen bgmax-0305.txt är inte registrerad än" in text
    assert f"{scene.a.name} ber om en områdesträff" in text
    assert "Årsmöte: 1 motion väntar på styrelsens yttrande" in text
    assert "Ordförandeträff" in text and "har inte svarat" in text

    services.area_meeting_requests_handled(
        requests=AreaMeetingRequest.objects.filter(pk=request.pk)
    )
    motion_answer(
        motion=motion, statement="Styrelsen delar synen.", proposal="bifall", decision="",
        decision_note="",
    )  # fmt: skip
    text = start_page(client, scene.staff)
    assert "ber om en områdesträff" not in text
    assert "väntar på styrelsens yttrande" not in text


def test_a_chair_sees_the_annual_meeting_as_soon_as_it_is_in_the_plan(client, scene, frozen):
    annual = annual_meeting(datetime.date(2027, 4, 20))

    text = start_page(client, scene.chair_a.user)

    assert "Årsmöte, tisdag 20 april 2027: motioner kan lämnas till och med 2027-" in text
    assert reverse("meetings:meeting", args=[annual.pk]) in text
    assert client.get(reverse("meetings:meeting", args=[annual.pk])).status_code == 200
    assert "Årsmöte, tisdag 20 april" not in start_page(client, scene.officer_a.user)
