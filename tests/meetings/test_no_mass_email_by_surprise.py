"""Nothing e-mails many people without staff seeing how many first, and saying yes."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from budget.invoicing import selectors as invoice_selectors
from meetings import services
from meetings.letters import services as letter_services
from meetings.models import Letter, Meeting, MeetingMessage, MeetingType
from nns_portal.models import OutboxMessage
from tests.factories import NO_MEETING_DOCUMENTS, STOCKHOLM, MeetingFactory, meeting_type
from tests.invoicing import issue


def meeting_form(meeting: Meeting, **changes: str) -> dict[str, object]:
    start = meeting.starts_at.astimezone(STOCKHOLM)
    end = meeting.ends_at.astimezone(STOCKHOLM)
    return {
        "type": meeting.type_id,
        "title": meeting.title,
        "status": meeting.status,
        "day": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "place": meeting.place,
        "video_link": meeting.video_link,
        "agenda": meeting.agenda,
        **NO_MEETING_DOCUMENTS,
        **changes,
    }


def asked_as_a_question(page: str) -> None:
    """A question before saving is not an error: no "Fel:", a button saying what it does."""
    assert "<title>Fel:" not in page and "Rätta felet nedan" not in page
    assert "Innan mötet sparas: svara på frågan under Inbjudningar" in page
    assert 'value="Spara med mitt svar"' in page


@pytest.fixture
def invited(scene, send, frozen):
    meeting = MeetingFactory(place="Stockholm")
    send(services.invitations_send, meeting=meeting)
    mail.outbox.clear()
    return meeting


@pytest.mark.django_db
def test_saving_a_meeting_after_invitations_asks_whether_to_tell_them(
    staff_client, invited, django_capture_on_commit_callbacks
):
    url = reverse("admin:meetings_meeting_change", args=[invited.pk])
    moved = meeting_form(invited, place="Göteborg")

    asked = staff_client.post(url, moved)

    assert asked.status_code == 200
    assert "Inbjudningarna har gått ut till 4 personer" in asked.text
    asked_as_a_question(asked.text)
    form = asked.context["adminform"].form
    assert form["notify"].value() == "yes", "a new place: telling them is preselected"
    invited.refresh_from_db()
    assert invited.place == "Stockholm" and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {**moved, "notify": "no"})
    invited.refresh_from_db()
    assert invited.place == "Göteborg" and invited.sequence == 0
    assert mail.outbox == [], "saved without notification: nobody is e-mailed"

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {**meeting_form(invited, place="Malmö"), "notify": "yes"})
    assert len(mail.outbox) == 4 and all(m.subject.startswith("Ändrat:") for m in mail.outbox)


@pytest.mark.django_db
def test_a_change_of_wording_preselects_no_e_mail(staff_client, invited):
    url = reverse("admin:meetings_meeting_change", args=[invited.pk])
    asked = staff_client.post(url, meeting_form(invited, agenda="Övriga frågor"))
    assert asked.context["adminform"].form["notify"].value() == "no"
    unchanged = staff_client.post(url, meeting_form(invited))
    assert unchanged.status_code == 302, "no change they are told of: no question"


@pytest.mark.django_db
def test_a_message_to_the_invitees_is_sent_once_each_after_confirmation(
    staff_client, invited, django_capture_on_commit_callbacks
):
    url = reverse("admin:meetings_meeting_message", args=[invited.pk])
    message = {"subject": "Lokalen", "body": "Vi är i rum 4, andra våningen."}
    assert staff_client.get(url).status_code == 200

    confirmation = staff_client.post(url, message)
    assert "4 personer får: meddelandet Lokalen" in confirmation.text
    assert not MeetingMessage.objects.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {**message, "confirmed": "yes"})
    assert len(mail.outbox) == 4
    assert mail.outbox[0].subject == f"Lokalen – {invited.title}"
    assert "rum 4, andra våningen" in mail.outbox[0].body
    stored = MeetingMessage.objects.get()
    assert stored.recipients == 4
    invited.refresh_from_db()
    assert invited.sequence == 0, "a message is not a change of the meeting"
    keys = set(
        OutboxMessage.objects.filter(category="meeting_message").values_list("key", flat=True)
    )
    assert len(keys) == 4


@pytest.mark.django_db
def test_a_letter_shows_how_many_get_it_and_waits_for_its_board_meeting(
    staff_client, scene, frozen
):
    past = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 10, 14, 12, 0, tzinfo=STOCKHOLM),
    )
    coming = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 12, 10, 8, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 12, 10, 12, 0, tzinfo=STOCKHOLM),
    )
    early = Letter.objects.create(board_meeting=coming, title="För tidigt", body="Hej")
    letter = Letter.objects.create(board_meeting=past, title="Oktober", body="Hej")

    refused = staff_client.get(reverse("admin:meetings_letter_send", args=[early.pk]), follow=True)
    assert "Styrelsemötet 2026-12-10 har inte avslutats" in refused.text
    with pytest.raises(ValidationError, match="inte avslutats"):
        letter_services.letter_send(letter=early)

    url = reverse("admin:meetings_letter_send", args=[letter.pk])
    confirmation = staff_client.get(url)
    assert "8 personer får: brevet Oktober" in confirmation.text
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not OutboxMessage.objects.exists()
    staff_client.post(url, {"confirmed": "yes"})
    letter.refresh_from_db()
    assert letter.status != Letter.Status.DRAFT


@pytest.mark.django_db
def test_e_mailing_invoices_asks_first(staff_client, invoicing):
    invoice = issue(invoicing.a)
    changelist = reverse("admin:budget_invoice_changelist")
    action = {"action": "email_invoices", "_selected_action": [invoice.pk]}

    confirmation = staff_client.post(changelist, action)

    assert "1 person får:" in confirmation.text
    assert invoicing.a.invoice_email in confirmation.text
    assert not OutboxMessage.objects.exists()
    assert invoice_selectors.invoice_email_message(invoice=invoice) is None


def new_chairs_meeting(day: str, **answer: str) -> dict[str, object]:
    return {
        "type": meeting_type(MeetingType.Code.CHAIRS).pk,
        "title": "Extra ordförandeträff",
        "status": "planned",
        "day": day,
        "place": "Digitalt",
        **NO_MEETING_DOCUMENTS,
        **answer,
    }


@pytest.mark.django_db
def test_saving_a_meeting_inside_its_lead_time_asks_before_inviting_anyone(
    staff_client, scene, frozen, django_capture_on_commit_callbacks
):
    add = reverse("admin:meetings_meeting_add")
    asked = staff_client.post(add, new_chairs_meeting("2026-12-01"))
    assert asked.status_code == 200
    assert "inbjudningarna ut direkt till 4 personer" in asked.text
    assert not Meeting.objects.exists()
    asked_as_a_question(asked.text)

    staff_client.post(add, new_chairs_meeting("2026-12-01", invite="by_hand"))
    by_hand = Meeting.objects.get()
    assert by_hand.invitations_by_hand and by_hand.invitations_sent_at is None
    assert services.meetings_due_for_invitations(now=timezone.now()) == []
    assert not OutboxMessage.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(add, new_chairs_meeting("2026-12-02", invite="now"))
    now = Meeting.objects.exclude(pk=by_hand.pk).get()
    assert now.invitations_sent_at is not None and not now.invitations_by_hand
    assert OutboxMessage.objects.filter(category="meeting_invitation").count() == 4

    far = staff_client.post(add, new_chairs_meeting("2027-03-10"))
    assert far.status_code == 302, "the usual day is still to come: nothing to ask"


# What beat e-mails to members without anyone clicking "send", each documented in README.md
# ("E-mail and scheduled work"): reminders of what they were already sent or asked to do.
AUTOMATIC_TO_MEMBERS = {"meeting_reminder", "invoice", "decision_deadline"}


@pytest.mark.django_db
def test_no_scheduled_job_mass_e_mails_members_by_surprise(
    invoicing, frozen, settings, django_capture_on_commit_callbacks
):
    """Every job beat runs, on a world where a meeting is due but sent by hand: none e-mails a
    member anything but the documented reminders."""
    MeetingFactory(
        starts_at=datetime.datetime(2026, 12, 1, 17, 30, tzinfo=STOCKHOLM),
        invitations_by_hand=True,
    )
    issue(invoicing.a)
    staff = {invoicing.staff.email}  # the office is told of things
    with django_capture_on_commit_callbacks(execute=True):
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            import_string(entry["task"])(*entry.get("args", ()))
    to_members = OutboxMessage.objects.exclude(to__in=staff)
    assert set(to_members.values_list("category", flat=True)) <= AUTOMATIC_TO_MEMBERS
    assert not to_members.filter(category="meeting_invitation").exists()


@pytest.mark.django_db
def test_a_plan_imported_with_a_meeting_next_week_invites_nobody(scene, frozen):
    from meetings.plan_file import PLAN_KIND
    from nns_portal.tabular.imports import import_apply

    header = "datum;typ;titel;start;slut;till;område;plats;anteckning\n"
    rows = "2026-12-01;Ordförandeträff;Extra ordförandeträff;17.30;19.00;;;;\n"
    rows += "2027-03-10;Ordförandeträff;Vårens ordförandeträff;17.30;19.00;;;;\n"
    import_apply(kind=PLAN_KIND, content=(header + rows).encode(), filename="plan.csv")

    near, far = Meeting.objects.order_by("starts_at")
    assert near.invitations_by_hand and not far.invitations_by_hand
    assert services.meetings_due_for_invitations(now=timezone.now()) == []
