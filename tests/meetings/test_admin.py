"""Staff in the admin: meetings with the type's usual times, sending, attendance, delegates."""

import csv
import datetime
import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Invitation, Meeting, MeetingDelegate, MeetingType
from members.models import Role
from tests.factories import (
    NO_MEETING_DOCUMENTS,
    STOCKHOLM,
    AssociationFactory,
    MeetingFactory,
    PersonFactory,
    RoleFactory,
    annual_meeting,
    meeting_type,
)
from tests.queries import count_queries


def test_a_new_meeting_takes_the_types_usual_times(staff_client):
    response = staff_client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "type": meeting_type(MeetingType.Code.MONTHLY).pk,
            "title": "",
            "status": "planned",
            "day": "2026-03-26",
            "place": "Digitalt",
            **NO_MEETING_DOCUMENTS,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get()
    assert meeting.title == "Månadsmöte"
    assert meeting.starts_at == datetime.datetime(2026, 3, 26, 13, 0, tzinfo=STOCKHOLM)
    assert meeting.ends_at == datetime.datetime(2026, 3, 26, 15, 0, tzinfo=STOCKHOLM)


def test_an_area_meeting_without_area_is_refused_in_swedish(staff_client):
    response = staff_client.post(
        reverse("admin:meetings_meeting_add"),
        {"type": meeting_type(MeetingType.Code.AREA).pk, "status": "planned", "day": "2026-05-05"},
    )
    assert response.status_code == 200
    assert "En områdesträff behöver sitt område." in response.text
    assert not Meeting.objects.exists()


def test_send_now_and_cancel_from_the_admin(
    staff_client, scene, frozen, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    changelist = reverse("admin:meetings_meeting_changelist")
    invite = {"action": "send_invitations_now", "_selected_action": [meeting.pk]}
    confirmation = staff_client.post(changelist, invite)
    assert "4 personer får: inbjudan till Ordförandeträff" in confirmation.text
    assert len(mail.outbox) == 0 and not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(changelist, {**invite, "confirmed": "yes"})
    assert len(mail.outbox) == 4
    cancel = {"action": "cancel_meetings", "_selected_action": [meeting.pk]}
    assert (
        "4 personer får: meddelandet att Ordförandeträff"
        in staff_client.post(changelist, cancel).text
    )
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(changelist, {**cancel, "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.is_cancelled and len(mail.outbox) == 8
    page = staff_client.get(changelist)
    assert page.status_code == 200 and "Ordförandeträff" in page.text


def _invite_many(meeting: Meeting, count: int) -> None:
    for n in range(count):
        association = AssociationFactory()
        person = PersonFactory()
        RoleFactory(person=person, association=association, kind=Role.Kind.CHAIR)
        Invitation.objects.create(
            meeting=meeting,
            person=person,
            association=association,
            capacity=Invitation.Capacity.INVITED,
            answer=Invitation.Answer.COMING if n % 2 else "",
        )


def test_attendance_counts_list_and_csv(staff_client, scene, frozen):
    meeting = MeetingFactory()
    _invite_many(meeting, 4)
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    page = staff_client.get(url)
    assert "Deltagare" in page.text and page.text.count("<tr>") >= 5
    counts = services.selectors.attendance(meeting=meeting).counts
    assert counts["coming"] == 2 and counts[""] == 2
    body = staff_client.get(
        reverse("admin:meetings_meeting_attendance_csv", args=[meeting.pk])
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:4] == ["efternamn", "förnamn", "epost", "förbund"]
    assert len(rows) == 5 and sorted(r[5] for r in rows[1:]) == [
        "Inte svarat", "Inte svarat", "Kommer", "Kommer",
    ]  # fmt: skip


def test_attendance_page_queries_do_not_grow_with_invitees(staff_client, scene):
    meeting = MeetingFactory()
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    _invite_many(meeting, 3)
    few = count_queries(staff_client, url)
    _invite_many(meeting, 30)
    assert count_queries(staff_client, url) == few


def test_my_meetings_queries_do_not_grow_with_invitations(client, scene):
    client.force_login(scene.chair_a.user)
    url = reverse("meetings:mine")
    client.get(url)  # the first visit creates the person's calendar address
    for day in (1, 2, 3):
        meeting = MeetingFactory(
            starts_at=datetime.datetime(2026, 12, day, 17, 30, tzinfo=STOCKHOLM)
        )
        Invitation.objects.create(
            meeting=meeting, person=scene.chair_a, association=scene.a, capacity="invited"
        )
    few = count_queries(client, url)
    for day in range(4, 30):
        meeting = MeetingFactory(
            starts_at=datetime.datetime(2026, 12, day, 17, 30, tzinfo=STOCKHOLM),
            type=meeting_type(MeetingType.Code.MONTHLY),
        )
        Invitation.objects.create(
            meeting=meeting,
            person=scene.chair_a,
            association=scene.a,
            capacity="invited",
            answer="substitute",
            substitute=scene.board_member_a,
        )
    assert count_queries(client, url) == few


def test_the_delegate_list_has_every_member_with_one_vote(staff_client, scene):
    annual = annual_meeting(datetime.date(2027, 4, 7))
    MeetingDelegate.objects.create(meeting=annual, association=scene.a, person=scene.chair_a)
    page = staff_client.get(reverse("admin:meetings_meeting_delegates", args=[annual.pk]))
    assert "1 av 2 medlemsförbund har utsett sina ombud" in page.text
    assert "Samordningsförbundet Gamma" not in page.text  # not a member: no vote
    assert "Inte utsett" in page.text


def test_the_plan_import_in_the_admin_previews_then_imports(staff_client, scene):
    upload = SimpleUploadedFile(
        "plan.csv",
        "datum;typ;titel;start;slut\n2026-05-05;Månadsmöte;Månadsmöte;13.00;15.00\n".encode(),
    )
    url = reverse("admin:meetings_meeting_import")
    preview = staff_client.post(url, {"file": upload})
    assert "<h2>Förhandsgranska</h2>" in preview.text
    assert "Inget har sparats än. Importen lägger till 1 och uppdaterar 0; 0 är" in preview.text
    assert not Meeting.objects.exists()
    payload = preview.context["payload"]
    staff_client.post(url, {"confirm": "1", "payload": payload})
    assert Meeting.objects.get().title == "Månadsmöte"
