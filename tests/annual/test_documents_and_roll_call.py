"""Meeting documents checked by content and served to those allowed; the minutes' states and
archive; the roll call's one vote per member association, also when two check in at once."""

import datetime
import io
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.annual import services
from meetings.annual.models import RollCallEntry
from meetings.annual.pdf import render_roll_call_pdf
from meetings.annual.selectors import roll_call
from meetings.documents import services as document_services
from meetings.documents.models import MeetingDocument
from meetings.documents.selectors import documents_for_user, published_minutes
from meetings.models import MeetingDelegate, MeetingType
from tests.factories import STOCKHOLM, MeetingFactory, annual_meeting, meeting_type

from .conftest import ANNUAL_DAY, html_renamed, pdf_upload, xlsx_upload

ON_THE_DAY = datetime.datetime(2027, 1, 4, 9, 30, tzinfo=STOCKHOLM)


def test_a_renamed_html_file_is_refused_and_office_files_are_taken(scene, annual):
    with pytest.raises(ValidationError) as error:
        document_services.document_add(
            meeting=annual, kind="handling", title="Budget", upload=html_renamed(), user=None
        )
    assert "innehållet" in error.value.messages[0]
    assert not MeetingDocument.objects.exists()
    sheet = document_services.document_add(
        meeting=annual, kind="handling", title="Budget 2027", upload=xlsx_upload(), user=None
    )
    assert (sheet.filename, sheet.mimetype) == (
        "budget-2027.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_a_file_over_the_limit_is_refused(scene, annual, settings):
    settings.MEETING_FILE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="för stor"):
        document_services.document_add(
            meeting=annual, kind="handling", title="Stor", upload=pdf_upload(), user=None
        )


def test_the_admin_refuses_a_renamed_file_on_the_meeting(staff_client, annual):
    url = reverse("admin:meetings_meeting_change", args=[annual.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k != "notify"},
        "type": annual.type_id,
        "day": "2027-01-04",
        "all_day": "on",
        "status": "planned",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-kind": "handling",
        "documents-0-title": "Dagordning",
        "documents-0-file": html_renamed(),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "innehållet" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_who_sees_which_document(scene, annual, send, frozen):
    chairs = MeetingFactory()
    send(meeting_services.invitations_send, meeting=chairs)
    paper = document_services.document_add(
        meeting=chairs, kind="handling", title="Underlag", upload=pdf_upload(), user=None
    )
    annual_paper = document_services.document_add(
        meeting=annual,
        kind="handling",
        title="Verksamhetsberättelse",
        upload=pdf_upload(),
        user=None,
    )
    board = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
    )
    minutes = document_services.document_add(
        meeting=board, kind="protokoll", title="Protokoll", upload=pdf_upload(), user=None
    )

    def seen(person) -> set[str]:
        return set(documents_for_user(user=person.user).values_list("title", flat=True))

    # Chairs and directors are invited to the chairs' meeting; officers are not. Every member
    # sees the annual meeting's papers. Draft minutes are for staff only.
    assert seen(scene.chair_a) == {"Underlag", "Verksamhetsberättelse"}
    assert seen(scene.officer_a) == {"Verksamhetsberättelse"}
    assert seen(scene.nns_board_member) == {"Verksamhetsberättelse"}
    assert minutes.minutes_state == "draft"
    document_services.minutes_adjust(
        document=minutes, adjusters="Anna Berg och Bo Lind", on=datetime.date(2026, 10, 20)
    )
    assert seen(scene.officer_a) == {"Verksamhetsberättelse"}
    document_services.minutes_publish(document=minutes)
    assert seen(scene.officer_a) == {"Verksamhetsberättelse", "Protokoll"}
    client = Client()
    client.force_login(scene.officer_a.user)
    assert client.get(reverse("meetings:document", args=[paper.pk])).status_code == 404
    response = client.get(reverse("meetings:document", args=[annual_paper.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert Client().get(reverse("meetings:document", args=[annual_paper.pk])).status_code == 302


def test_minutes_go_from_draft_to_adjusted_to_published_and_into_the_archive(scene, frozen):
    board = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
    )
    minutes = document_services.document_add(
        meeting=board,
        kind="protokoll",
        title="Protokoll 14 oktober",
        upload=pdf_upload(),
        user=None,
    )
    with pytest.raises(ValidationError):
        document_services.minutes_publish(document=minutes)
    with pytest.raises(ValidationError):
        document_services.minutes_adjust(document=minutes, adjusters="", on=frozen_day())
    with pytest.raises(ValidationError):  # not before the meeting
        document_services.minutes_adjust(
            document=minutes, adjusters="Anna", on=datetime.date(2026, 10, 1)
        )
    document_services.minutes_adjust(document=minutes, adjusters="Anna och Bo", on=frozen_day())
    assert not published_minutes(user=scene.officer_a.user).exists()
    document_services.minutes_publish(document=minutes)
    with pytest.raises(ValidationError):
        document_services.minutes_adjust(document=minutes, adjusters="Ny", on=frozen_day())
    client = Client()
    client.force_login(scene.officer_a.user)
    page = client.get(reverse("meetings:minutes")).content.decode()
    assert "Protokoll 14 oktober" in page and "justerat av Anna och Bo" in page


def frozen_day() -> datetime.date:
    return datetime.date(2026, 11, 24)


def _document_change(staff_client, document, **changes):
    url = reverse("admin:meetings_meetingdocument_change", args=[document.pk])
    data = {"kind": document.kind, "title": document.title} | changes
    return staff_client.post(url, data)


def test_adjusted_minutes_keep_the_file_that_was_adjusted(staff_client, scene, frozen):
    board = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
    )
    minutes = document_services.document_add(
        meeting=board, kind="protokoll", title="Protokoll", upload=pdf_upload(), user=None
    )
    response = _document_change(staff_client, minutes, title="Protokoll 14 oktober")
    assert response.status_code == 302  # a draft takes a new title (and file)
    document_services.minutes_adjust(document=minutes, adjusters="Anna och Bo", on=frozen_day())
    stored = MeetingDocument.objects.get(pk=minutes.pk)

    for changes in ({"file": pdf_upload()}, {"kind": "handling"}):
        response = _document_change(staff_client, minutes, title="Protokoll 14 oktober", **changes)
        assert response.status_code == 200
        assert "justerat" in response.content.decode()
    with pytest.raises(ValidationError):
        document_services.document_update(
            document=minutes, kind="protokoll", title="X", upload=pdf_upload()
        )

    after = MeetingDocument.objects.get(pk=minutes.pk)
    assert (after.file.name, after.kind, after.adjusters) == (
        stored.file.name,
        "protokoll",
        "Anna och Bo",
    )


def test_a_document_added_in_the_admin_is_added_as_the_service_adds_it(staff_client, annual):
    response = staff_client.post(
        reverse("admin:meetings_meetingdocument_add"),
        {"meeting": annual.pk, "kind": "protokoll", "title": "Protokoll årsmötet",
         "file": pdf_upload()},
    )  # fmt: skip

    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert (document.filename, document.mimetype, document.minutes_state) == (
        "protokoll-arsmotet.pdf",
        "application/pdf",
        MeetingDocument.MinutesState.DRAFT,
    )
    assert document.added_by.is_staff


def test_an_invitation_sent_after_papers_were_attached_links_them(scene, annual, send, frozen):
    from django.core import mail

    paper = document_services.document_add(
        meeting=annual,
        kind="kallelse",
        title="Kallelse till årsmötet",
        upload=pdf_upload(),
        user=None,
    )
    send(meeting_services.invitations_send, meeting=annual)
    body = mail.outbox[0].body
    assert "Kallelse till årsmötet" in body
    assert reverse("meetings:document", args=[paper.pk]) in body


def test_roll_call_checks_in_the_named_delegate_once_and_counts_one_vote_each(
    scene, annual, delegates
):
    with time_machine.travel(ON_THE_DAY, tick=False):
        for _ in range(2):
            services.roll_call_check_in(
                meeting=annual, association=scene.a, attendance="on_site", user=scene.staff
            )
        services.roll_call_check_in(
            meeting=annual, association=scene.b, attendance="online", user=None
        )
        rows = roll_call(meeting=annual)
        assert [row.present for row in rows] == [True, True]
        entry_b = RollCallEntry.objects.get(association=scene.b)
        services.roll_call_leave(entry=entry_b)
        assert sum(row.present for row in roll_call(meeting=annual)) == 1
        services.roll_call_check_in(
            meeting=annual, association=scene.b, attendance="on_site", user=scene.staff
        )
        assert RollCallEntry.objects.count() == 2
        pdf = render_roll_call_pdf(meeting=annual, rows=roll_call(meeting=annual))
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "2 medlemsförbund närvarande" in text
    assert "Samordningsförbundet Alfa" in text and "Samordningsförbundet Beta" in text


def test_a_delegate_who_is_not_chair_or_director_needs_a_proxy(scene, annual):
    MeetingDelegate.objects.create(meeting=annual, association=scene.a, person=scene.officer_a)
    with time_machine.travel(ON_THE_DAY, tick=False):
        [row_a] = [row for row in roll_call(meeting=annual) if row.association == scene.a]
        assert row_a.needs_proxy
        with pytest.raises(ValidationError, match="fullmakt"):
            services.roll_call_check_in(
                meeting=annual, association=scene.a, attendance="on_site", user=None
            )
        assert not RollCallEntry.objects.exists()
        with pytest.raises(ValidationError):
            services.roll_call_check_in(
                meeting=annual,
                association=scene.a,
                attendance="on_site",
                user=None,
                proxy=html_renamed("fullmakt.pdf"),
            )
        services.roll_call_check_in(
            meeting=annual,
            association=scene.a,
            attendance="on_site",
            user=None,
            proxy=pdf_upload("fullmakt.pdf"),
        )
        assert RollCallEntry.objects.get().proxy
        services.roll_call_leave(entry=RollCallEntry.objects.get())
        services.roll_call_check_in(  # back again: the proxy is on file
            meeting=annual, association=scene.a, attendance="on_site", user=None
        )
        assert RollCallEntry.objects.get().present


def test_no_roll_call_without_a_delegate_or_before_the_day(scene, annual, delegates, frozen):
    with pytest.raises(ValidationError, match="mötesdagen"):
        services.roll_call_check_in(
            meeting=annual, association=scene.a, attendance="on_site", user=None
        )
    with time_machine.travel(ON_THE_DAY, tick=False):
        MeetingDelegate.objects.filter(association=scene.a).delete()
        with pytest.raises(ValidationError, match="ombud"):
            services.roll_call_check_in(
                meeting=annual, association=scene.a, attendance="on_site", user=None
            )


@pytest.mark.django_db(transaction=True)
def test_two_staff_checking_in_the_same_delegate_at_once_give_one_vote(scene):
    annual = annual_meeting(ANNUAL_DAY)
    MeetingDelegate.objects.create(meeting=annual, association=scene.a, person=scene.chair_a)
    barrier = threading.Barrier(2)
    errors = []

    def check_in() -> None:
        try:
            barrier.wait()
            services.roll_call_check_in(
                meeting=annual,
                association=scene.a,
                attendance="on_site",
                user=scene.staff,
                now=ON_THE_DAY,
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=check_in) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert RollCallEntry.objects.filter(meeting=annual, present=True).count() == 1


def test_the_delegate_checks_in_online_from_the_meetings_page(scene, annual, delegates):
    client = Client()
    with time_machine.travel(ON_THE_DAY, tick=False):
        client.force_login(scene.chair_a.user)
        page = client.get(reverse("meetings:meeting", args=[annual.pk])).content.decode()
        assert "Checka in här när du kommer" in page
        client.post(reverse("meetings:check_in", args=[annual.pk]), {"attendance": "online"})
        entry = RollCallEntry.objects.get()
        assert (entry.association, entry.attendance, entry.present) == (scene.a, "online", True)
        client.force_login(scene.officer_a.user)  # not a delegate
        assert client.post(reverse("meetings:check_in", args=[annual.pk])).status_code == 404


def test_staff_check_in_and_out_in_the_admin(client, scene, annual, delegates):
    scene.staff.is_superuser = True
    scene.staff.save()
    url = reverse("admin:meetings_meeting_roll_call", args=[annual.pk])
    with time_machine.travel(ON_THE_DAY, tick=False):
        client.force_login(scene.staff)
        client.post(url, {"association": scene.b.pk, "attendance": "on_site"})
        assert RollCallEntry.objects.get().present
        page = client.get(url).content.decode()
        assert "1 medlemsförbund närvarande: 1 röst." in page
        client.post(url, {"association": scene.b.pk, "leave": "on"})
        assert not RollCallEntry.objects.get().present
        response = client.get(reverse("admin:meetings_meeting_roll_call_pdf", args=[annual.pk]))
        assert response["Content-Type"] == "application/pdf"


def test_one_click_puts_nns_budget_among_the_papers(staff_client, annual):
    from budget.plan.services import budget_import

    change = staff_client.get(reverse("admin:meetings_meeting_change", args=[annual.pk]))
    papers = reverse("admin:meetings_meeting_papers", args=[annual.pk, "budget"])
    assert f'formaction="{papers}"' in change.content.decode()
    refused = staff_client.post(papers, follow=True)
    assert "Ingen budget är inläst ännu." in refused.content.decode()
    budget_import()
    staff_client.post(papers)
    document = MeetingDocument.objects.get(made="budget")
    assert (document.title, document.kind, document.mimetype) == (
        "NNS budget",
        "handling",
        "application/pdf",
    )
    assert PdfReader(io.BytesIO(document.file.read())).pages
