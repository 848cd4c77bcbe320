"""Every portal page a member uses, judged by axe-core (WCAG 2.1 A and AA) in Chromium, and
usable at phone width without sideways scrolling."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from meetings import services
from meetings.annual.deadlines import STATUTES_PK
from meetings.annual.models import Motion
from meetings.annual.services import motion_answer, motion_submit, motions_to_papers
from meetings.decisions import services as decisions
from meetings.followup import services as followup
from meetings.followup.models import Decision
from meetings.letters import services as letter_services
from meetings.models import Letter, MeetingDelegate, MeetingType
from tests.factories import STOCKHOLM, MeetingFactory, annual_meeting, meeting_type
from tests.invoicing import issue
from tests.scene import NOW

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# What sticks out on the right: the innermost elements wider than the window.
WIDEST = """(() => {
  const out = (e) => e.getBoundingClientRect().right > window.innerWidth + 1;
  return [...document.querySelectorAll('body *')]
    .filter((e) => out(e) && ![...e.children].some(out))
    .slice(0, 3)
    .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
})()"""


@pytest.fixture
def member_pages(invoicing, send, frozen):
    scene = invoicing
    meeting = MeetingFactory()
    send(services.invitations_send, meeting=meeting)
    invitation = meeting.invitations.get(person=scene.chair_a)
    annual = annual_meeting(datetime.date(2027, 4, 20))
    send(services.invitations_send, meeting=annual)
    annual_invitation = annual.invitations.get(person=scene.chair_a)
    motion = motion_submit(
        meeting=annual, association=scene.a, person=scene.chair_a, title="Mall", text="Vi yrkar."
    )
    motion_answer(
        motion=motion,
        statement="Styrelsen delar synen.",
        proposal="bifall",
        decision="",
        decision_note="",
    )
    motions_to_papers(meeting=annual, user=None)
    decisions.agenda_template_ensure()
    decisions.agenda_from_template(meeting=annual)  # its agenda on the meeting's page
    issue(scene.a)
    board = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 10, 14, 12, 0, tzinfo=STOCKHOLM),
    )
    letter = Letter.objects.create(board_meeting=board, title="Brev", body="Hej!\n\n- en\n- två")
    send(letter_services.letter_send, letter=letter)
    decision = followup.decision_save(
        decision=Decision(
            meeting=board, paragraph=4, text="Styrelsen uppdrar åt Anna att planera träffarna.",
            deadline=datetime.date(2026, 11, 20), status="pagar", note="Två datum föreslagna.",
        ),
        user=None,
        responsible=[scene.chair_a],
    )  # fmt: skip
    return scene, [
        reverse("home"),
        reverse("meetings:mine"),
        reverse("meetings:invitation", args=[invitation.pk]),
        reverse("meetings:plan"),
        reverse("meetings:letters"),
        reverse("meetings:letter", args=[letter.pk]),
        reverse("budget:mine"),
        reverse("members:mine"),
        reverse("members:association", args=[scene.a.pk]),
        reverse("members:edit", args=[scene.a.pk]),
        reverse("members:person_edit", args=[scene.a.pk, scene.officer_a.pk]),
        reverse("meetings:invitation", args=[annual_invitation.pk]),  # naming the delegate
        reverse("meetings:area_request"),
        reverse("meetings:meeting", args=[annual.pk]),  # its deadlines, papers and motions
        reverse("meetings:motion_new", args=[annual.pk]),
        reverse("meetings:minutes"),
        reverse("meetings:decisions") + "?visa=alla",
        reverse("meetings:decision", args=[decision.pk]),  # with its follow-up form
        reverse("members:directory"),
        reverse("members:my_data"),
        reverse("members:my_extract"),
        reverse("privacy"),
        reverse("accessibility"),
    ]


def page_width(page) -> int:
    """The page's full width, measured once its stylesheets have loaded.

    After a click, a heading can be visible before the CSS arrives; measured then, every table is
    as wide as its content.
    """
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def serious(page) -> list[str]:
    page.wait_for_load_state("load")
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_pages_pass_axe_and_fit_a_phone(live_server, page, member_pages, log_in):
    scene, paths = member_pages
    log_in(page, scene.chair_a.user)
    found, wide = {}, {}
    for path in paths:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            page.goto(live_server.url + path)
            if violations := serious(page):
                found[f"{path} @ {size['width']}"] = violations
        width = page_width(page)
        if width > PHONE["width"]:
            wide[path] = (width, page.evaluate(WIDEST))
    assert found == {}
    assert wide == {}, "wider than a phone: sideways scrolling"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_login_pages_pass_axe(live_server, page, db):
    for path in (reverse("home"), reverse("account_request_login_code"), reverse("accessibility")):
        page.goto(live_server.url + path)
        assert serious(page) == [], path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_pages_staff_use_daily_pass_axe(live_server, page, member_pages, log_in, frozen):
    scene, _paths = member_pages
    scene.staff.is_superuser = True
    scene.staff.save()
    log_in(page, scene.staff)
    meeting = scene.chair_a.invitations.first().meeting
    annual = Motion.objects.get().meeting
    invoice = scene.a.invoices.first()
    page.set_viewport_size(DESKTOP)
    found, wide = {}, {}
    for path in [
        reverse("admin:index"),
        reverse("admin:members_association_changelist"),
        reverse("admin:members_association_change", args=[scene.a.pk]),
        reverse("admin:members_person_change", args=[scene.chair_a.pk]),
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_letter_changelist"),
        reverse("admin:meetings_motion_changelist"),
        reverse("admin:meetings_motion_change", args=[Motion.objects.get().pk]),
        reverse("admin:meetings_meeting_change", args=[annual.pk]),  # deadlines, documents
        reverse("admin:meetings_meeting_roll_call", args=[annual.pk]),
        reverse("admin:meetings_statutes_change", args=[STATUTES_PK]),
        reverse("admin:budget_invoice_changelist"),
        reverse("admin:budget_invoice_change", args=[invoice.pk]),
        reverse("admin:nns_portal_outboxmessage_changelist"),
        reverse("admin:meetings_decision_changelist"),
        reverse("admin:meetings_decision_change", args=[Decision.objects.get().pk]),
        reverse("admin:meetings_meeting_change", args=[Decision.objects.get().meeting_id]),
    ]:
        page.goto(live_server.url + path)
        if violations := serious(page):
            found[path] = violations
        width = page_width(page)
        if width > DESKTOP["width"]:
            wide[path] = (width, page.evaluate(WIDEST))
        page.set_viewport_size(PHONE)  # the same page on a phone passes axe too
        if violations := serious(page):
            found[f"{path} @ 360"] = violations
        page.set_viewport_size(DESKTOP)
    # The roll call on the meeting's day, with its check-in forms (one with a proxy's file).
    MeetingDelegate.objects.create(meeting=annual, association=scene.a, person=scene.officer_a)
    frozen.move_to(annual.starts_at + datetime.timedelta(hours=9))
    log_in(page, scene.staff)
    page.goto(live_server.url + reverse("admin:meetings_meeting_roll_call", args=[annual.pk]))
    assert page.locator("input[type=file]").count() == 1
    found["roll call on the day"] = serious(page)
    # On the meeting's day staff may hold a phone: the roll call and the attendance fit it.
    page.set_viewport_size(PHONE)
    for path in (
        reverse("admin:meetings_meeting_roll_call", args=[annual.pk]),
        reverse("admin:meetings_meeting_attendance", args=[meeting.pk]),
    ):
        page.goto(live_server.url + path)
        if page_width(page) > PHONE["width"]:
            wide[f"{path} @ 360"] = page.evaluate(WIDEST)
        if violations := serious(page):
            found[f"{path} @ 360"] = violations
    assert found == {"roll call on the day": []}
    assert wide == {}, "wider than 1280 px: columns cut off"
    frozen.move_to(NOW)
    log_in(page, scene.staff)
    page.goto(live_server.url + reverse("admin:meetings_meeting_changelist"))
    cell = page.locator("td.field-when").first
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) || 20")
    assert cell.bounding_box()["height"] < 2 * line + 12, "a meeting's time on one line"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_board_s_budget_and_outcome_pass_axe_and_fit_a_phone(
    live_server, page, invoicing, log_in
):
    from pathlib import Path

    from budget.plan.account_ranges import account_ranges_load_demo
    from budget.plan.outcome_import import sie_import
    from budget.plan.services import budget_import

    budget_import()
    account_ranges_load_demo()
    data = Path(__file__).resolve().parent.parent.parent / "budget" / "data"
    for year in (2025, 2026):
        name = f"demo-bokforing-{year}.se"
        sie_import(name=name, content=(data / name).read_bytes(), user=None)
    log_in(page, invoicing.nns_chair.user)
    found, wide = {}, {}
    for path in (reverse("budget:budget"), reverse("budget:outcome") + "?ar=2026"):
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            page.goto(live_server.url + path)
            if violations := serious(page):
                found[f"{path} @ {size['width']}"] = violations
        width = page_width(page)
        if width > PHONE["width"]:
            wide[path] = (width, page.evaluate(WIDEST))
    assert page.locator("figure.chart img").count() == 3
    # Staff order the budget's lines in the admin's list, a box per line.
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    log_in(page, invoicing.staff)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:budget_budgetline_changelist"))
    assert page.get_by_label("Ordning för Intäkter: Medlemsavgifter", exact=True).count() == 1
    found["budget lines"] = serious(page)
    assert found == {"budget lines": []}
    assert wide == {}
