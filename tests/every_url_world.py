"""The world of ``test_every_url.py``: two member associations with their people, a former
member, the NNS board (one member left yesterday) and staff; invitations sent, a letter sent and
a draft, invoices issued, the budget loaded, one row of every model the admin shows. Each part
returns the arguments of the URLs that point into it."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from budget.invoicing.bgmax import WrittenPayment, bgmax_write
from budget.invoicing.payment_files import payment_file_upload
from budget.invoicing.services import invoice_run_create
from budget.plan.account_ranges import account_ranges_load_demo
from budget.plan.outcome_import import sie_import
from budget.plan.services import budget_import
from meetings import services
from meetings.adjusting import services as adjusting
from meetings.annual.models import RollCallEntry, Statutes
from meetings.annual.services import motion_submit
from meetings.decisions import services as decisions
from meetings.decisions.models import Poll
from meetings.documents.services import document_add, minutes_adjust, minutes_publish
from meetings.followup import services as followup
from meetings.followup.models import Decision
from meetings.letters import services as letter_services
from meetings.models import (
    AreaMeetingRequest,
    Invitation,
    Letter,
    LetterAttachment,
    Meeting,
    MeetingType,
)
from meetings.tokens import rsvp_token
from members.models import LoginAddressChange, Role
from members.notices import refusal_url
from members.tokens import login_address_token
from tests.factories import (
    STOCKHOLM,
    MeetingFactory,
    PersonFactory,
    RoleFactory,
    StaffFactory,
    annual_meeting,
    meeting_type,
)
from tests.invoicing import NNS_BANKGIRO, RUN_DATE, issue

BOOKKEEPING = Path(__file__).resolve().parent.parent / "budget" / "data" / "demo-bokforing-2026.se"


def notice_refusal_token(email: str) -> str:
    return urlsplit(refusal_url(email)).path.split("/")[-2]


def _members(scene, invoice_contact_a) -> dict:
    viewer = StaffFactory(email="lasare@nns.example")
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    change = LoginAddressChange.objects.create(
        person=scene.officer_a,
        old_email=scene.officer_a.email,
        new_email="ny@forbund.example",
        status=LoginAddressChange.Status.PENDING,
    )
    Group.objects.create(name="Kansliet")
    unenrolled = StaffFactory(email="ny.kansli@nns.example", is_superuser=True, second_factor=False)
    return {
        "invoice_contact_a": invoice_contact_a,
        "staff_viewer": viewer,
        "staff_unenrolled": unenrolled,
        "members:association": [scene.a.pk],
        "members:edit": [scene.a.pk],
        "members:person_edit": [scene.a.pk, scene.officer_a.pk],
        "members:login_address_confirm": [login_address_token(change)],
        "members:notices_refuse": [notice_refusal_token("okand@example.se")],
        "members:notices_refuse#tampered": [notice_refusal_token("okand@example.se")[:-2]],
        "members:login_address_confirm#tampered": [login_address_token(change)[:-2]],
        "admin:members_person_extract": [scene.officer_a.pk],
        "admin:members_person_extract_json": [scene.officer_a.pk],
        "admin:members_association_export": ["csv"],
        "admin:members_associationyear_export": ["csv"],
        "admin:members_person_export": ["csv"],
    }


def _board_member_who_left(send) -> dict:
    """The board's next meeting, to which a board member whose role ended yesterday had been
    invited while still on the board, with a paper added since."""
    board_next = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=datetime.datetime(2026, 12, 10, 9, 0, tzinfo=STOCKHOLM),
    )
    send(services.invitations_send, meeting=board_next)
    left = PersonFactory(first_name="Lena")
    RoleFactory(
        person=left, kind=Role.Kind.NNS_BOARD_MEMBER, association=None,
        starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2026, 11, 23),
    )  # fmt: skip
    Invitation.objects.create(meeting=board_next, person=left, capacity="invited")
    paper = document_add(
        meeting=board_next, kind="handling", title="Budgetförslag",
        upload=ContentFile(b"%PDF-1.7 budget", "budget.pdf"), user=None,
    )  # fmt: skip
    return {
        "left_yesterday": left,
        "meetings:meeting#board": [board_next.pk],
        "meetings:document#board": [paper.pk],
    }


def _meetings(scene, send, board) -> dict:
    chairs = MeetingFactory()
    annual = annual_meeting(datetime.date(2027, 1, 4))
    send(services.invitations_send, meeting=chairs)
    send(services.invitations_send, meeting=annual)
    invitation = Invitation.objects.get(meeting=chairs, person=scene.chair_a)
    annual_invitation = Invitation.objects.get(meeting=annual, person=scene.chair_a)
    AreaMeetingRequest.objects.create(
        association=scene.a, area=scene.a.area, requested_by=scene.chair_a, message="Träff?"
    )
    return {
        "meetings:plan_year": [2026],
        "meetings:person_calendar": [services.calendar_feed_get(person=scene.chair_a).token],
        "meetings:invitation": [invitation.pk],
        "meetings:rsvp": [invitation.pk, rsvp_token(invitation)],
        "meetings:rsvp#tampered": [invitation.pk, rsvp_token(invitation)[:-1] + "x"],
        "meetings:person_calendar#unknown": ["not-a-token"],
        "meetings:delegate": [annual_invitation.pk, scene.a.pk],
        "meetings:meeting": [annual.pk],
        "meetings:meeting#chairs": [chairs.pk],
        "meetings:motion_new": [annual.pk],
        "meetings:check_in": [annual.pk],
        "admin:view_on_site": [ContentType.objects.get_for_model(Meeting).pk, chairs.pk],
        "admin:meetings_meeting_attendance": [chairs.pk],
        "admin:meetings_meeting_attendance_csv": [chairs.pk],
        "admin:meetings_meeting_delegates": [annual.pk],
        "admin:meetings_meeting_export": ["csv"],
        "admin:meetings_meeting_message": [chairs.pk],
        "admin:meetings_meeting_papers": [annual.pk, "motioner"],
        "admin:meetings_meeting_roll_call": [annual.pk],
        "admin:meetings_meeting_live": [annual.pk],
        "admin:meetings_meeting_agenda_make": [annual.pk],
        "meetings:vote": [annual.pk],
        "meetings:projector": [annual.pk],
        "meetings:live_state": [annual.pk],
        "admin:meetings_meeting_roll_call_pdf": [annual.pk],
        **_meeting_papers(scene, annual, chairs, board),
    }


def _meeting_papers(scene, annual, chairs, board) -> dict:
    """A paper of each meeting, draft and published minutes, a motion, a proxy."""

    def add(meeting, kind, title):
        upload = ContentFile(b"%PDF-1.7 handling", "handling.pdf")
        return document_add(meeting=meeting, kind=kind, title=title, upload=upload, user=None)

    annual_paper = add(annual, "handling", "Verksamhetsberättelse")
    chairs_paper = add(chairs, "handling", "Underlag")
    draft_minutes = add(board, "protokoll", "Utkast till protokoll")
    minutes = add(board, "protokoll", "Protokoll")
    minutes_adjust(document=minutes, adjusters="Anna och Bo", on=datetime.date(2026, 10, 20))
    minutes_publish(document=minutes)
    motion = motion_submit(
        meeting=annual, association=scene.a, person=scene.chair_a, title="Motion", text="Text",
        attachment=ContentFile(b"%PDF-1.7 motion", "motion.pdf"),
    )  # fmt: skip
    Statutes.objects.get_or_create(pk=1)  # saved once, as staff do in the admin
    entry = RollCallEntry.objects.create(
        meeting=annual, association=scene.b, person=scene.chair_b,
        proxy=ContentFile(b"%PDF-1.7 fullmakt", "fullmakt.pdf"), checked_in_at=annual.starts_at,
    )  # fmt: skip
    _decisions(annual)
    adjusting.minutes_round_start(
        document=draft_minutes, chair=scene.nns_chair, adjusters=[scene.chair_a], user=None
    )
    return {
        "meetings:minutes_adjusting": [draft_minutes.pk],
        "meetings:minutes_version_pdf": [draft_minutes.pk, 1],
        "admin:meetings_meetingdocument_send_round": [draft_minutes.pk],
        "meetings:document": [annual_paper.pk],
        "meetings:document#chairs": [chairs_paper.pk],
        "meetings:document#draft_minutes": [draft_minutes.pk],
        "meetings:document#minutes": [minutes.pk],
        "meetings:motion_edit": [motion.pk],
        "meetings:motion_attachment": [motion.pk],
        "admin:meetings_meeting_proxy": [annual.pk, entry.pk],
        "admin:meetings_meetingdocument_adjust": [draft_minutes.pk],
        "admin:meetings_meetingdocument_publish": [draft_minutes.pk],
    }


def _decisions(annual) -> None:
    """The annual meeting's agenda, an item decided by acclamation, a candidate in an
    election, the minutes' text."""
    decisions.agenda_template_ensure()
    items = decisions.agenda_from_template(meeting=annual)
    poll = decisions.poll_create(item=items[0], method=Poll.Method.ACCLAMATION)
    decisions.poll_acclaim(poll=poll, chosen=[poll.options.get(label="Ja").pk])
    election = next(item for item in items if item.is_election)
    decisions.candidate_add(item=election, person=PersonFactory(), by_nomination_committee=True)
    decisions.minutes_draft(meeting=annual)


def _register(scene, board) -> dict:
    """A board decision Anna (chair of Alfa) carries out, and one nobody is named for."""
    annas = followup.decision_save(
        decision=Decision(meeting=board, paragraph=4, text="Planera områdesträffarna"),
        user=None,
        responsible=[scene.chair_a],
    )
    other = followup.decision_save(
        decision=Decision(meeting=board, paragraph=5, text="Se över arvodena"), user=None
    )
    return {
        "meetings:decision": [annas.pk],
        "meetings:decision#other": [other.pk],
        "admin:meetings_meeting_followup_make": [board.pk],
    }


def _letters(scene, send, board) -> dict:
    letter = Letter.objects.create(board_meeting=board, title="Brev", body="Hej!")
    attachment = LetterAttachment.objects.create(
        letter=letter, name="Plan", file=ContentFile(b"%PDF-1.7 plan", "plan.pdf")
    )
    send(letter_services.letter_send, letter=letter)
    draft = Letter.objects.create(board_meeting=board, title="Utkast", body="Hej!")
    return {
        "meetings:letter": [letter.pk],
        "meetings:letter#draft": [draft.pk],
        "meetings:letter_attachment": [letter.pk, attachment.pk],
        "meetings:letters_opt_out": [letter_services.opt_out_token(scene.officer_a)],
        "admin:meetings_letter_preview_email": [letter.pk],
        "admin:meetings_letter_preview_page": [letter.pk],
        "admin:meetings_letter_send": [letter.pk],
        "admin:meetings_letter_retry": [letter.pk],
        "admin:meetings_letter_send#post": [letter.pk],  # sent already: refused with a message
        "admin:meetings_letter_retry#post": [letter.pk],
    }


def _budget(scene) -> dict:
    invoice_a, invoice_b = issue(scene.a), issue(scene.b)
    budget_import()
    account_ranges_load_demo()
    sie_import(name="bokforing.se", content=BOOKKEEPING.read_bytes(), user=scene.staff)
    invoice_run_create(fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=scene.staff)
    payment_file = payment_file_upload(
        name="bgmax.txt",
        content=bgmax_write(
            bankgiro=NNS_BANKGIRO,
            deposits=[(RUN_DATE, [WrittenPayment(invoice_a.ocr, invoice_a.total_amount)])],
            created=datetime.datetime(2026, 2, 3, 6, 0),
        ),
        user=scene.staff,
    )
    return {
        "budget:invoice_pdf": [invoice_a.pk],
        "budget:invoice_pdf#b": [invoice_b.pk],
        "budget:invoice_pdf#missing": [invoice_b.pk + 1000],
        "admin:budget_invoice_pdf": [invoice_a.pk],
        "admin:budget_invoice_credit": [invoice_a.pk],
        "admin:budget_invoice_zip": [2026],
        "admin:budget_invoice_ubl": [invoice_a.pk],
        "admin:budget_invoice_ubl_zip": [2026],
        "admin:budget_paymentfile_register": [payment_file.pk],
        "admin:budget_paymentfile_register#post": [payment_file.pk],
        "budget:outcome_pdf": [2026],
        "budget:outcome_pdf#missing": [2019],
        "admin:budget_sieimport_confirm": ["0" * 64],
        "admin:budget_accountrange_export": ["csv"],
    }


@pytest.fixture
def world(invoicing, invoice_contact_a, frozen, send):
    """Everything the URLs of the table point at, and the arguments of each URL."""
    scene = invoicing
    scene.staff.is_superuser = True
    scene.staff.save()
    board = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
    )
    objects = {
        **_members(scene, invoice_contact_a),
        **_board_member_who_left(send),
        **_meetings(scene, send, board),
        **_letters(scene, send, board),
        **_register(scene, board),
        **_budget(scene),
        "account_confirm_email": ["not-a-key"],
        "mfa_edit_webauthn": [999_999],
        "mfa_remove_webauthn": [999_999],
        "account_reset_password_from_key": ["1", "not-a-key"],
        "admin:app_list": ["members"],
        "admin:autocomplete": [],
    }
    for model in admin.site._registry:  # a past version of each, for its history pages
        if hasattr(model, "history") and not model.history.exists():
            model._default_manager.order_by("pk").first().save()
    return scene, objects
