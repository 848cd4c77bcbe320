import logging

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from members.models import User


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_tells_how_to_log_in(capsys, caplog):
    with caplog.at_level(logging.INFO):
        call_command("load_demo")
    first = capsys.readouterr().out
    assert [r.name for r in caplog.records if r.name.startswith(("celery", "kombu"))] == []
    assert "thomas.nordin@nns.example" in first  # a board member, who sees /budget/
    counts = (User.objects.count(), EmailAddress.objects.count())

    call_command("load_demo")

    assert (User.objects.count(), EmailAddress.objects.count()) == counts
    assert "kansli@nns.example" in first
    assert "ordforande@ostergotland.example" in first
    staff = User.objects.get(email="kansli@nns.example")
    assert staff.is_staff
    assert not staff.has_usable_password()
    assert EmailAddress.objects.filter(user=staff, verified=True, primary=True).exists()


@pytest.mark.django_db
def test_load_demo_registers_the_associations_with_budgets_close_to_the_plan():
    import datetime
    from decimal import Decimal

    from django.db.models import Sum

    from members.models import Association, AssociationYear, Role

    call_command("load_demo")

    day = datetime.date(2026, 6, 1)
    assert Association.objects.count() == 79
    assert Association.objects.members_on(day).count() == 74
    assert {a.area.code for a in Association.objects.all()} == {"syd", "nord", "ost", "vast"}
    budgets = AssociationYear.objects.filter(year=2026, association__joined_on__isnull=False)
    service_fees = budgets.aggregate(total=Sum("total_budget"))["total"] * Decimal("0.0035")
    assert abs(service_fees - Decimal(1_732_849)) < 100
    ostergotland = Association.objects.get(name="Samordningsförbundet Centrala Östergötland")
    [chair] = Role.objects.current_on(day).filter(association=ostergotland, kind=Role.Kind.CHAIR)
    assert chair.person.email == "ordforande@ostergotland.example"
    assert Role.objects.filter(association=ostergotland, kind=Role.Kind.CHAIR).count() == 2


@pytest.mark.django_db
def test_load_demo_loads_the_meeting_plan_invitations_and_letters():
    import datetime

    import time_machine

    from meetings.models import Invitation, Letter, Meeting
    from nns_portal.models import OutboxMessage
    from tests.factories import STOCKHOLM

    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=STOCKHOLM)):
        call_command("load_demo")
        queued = OutboxMessage.objects.count()
        call_command("load_demo")

    assert Meeting.objects.filter(starts_at__year__gte=2026).count() == 38
    assert Letter.objects.filter(status=Letter.Status.SENT).count() == 2
    assert OutboxMessage.objects.count() == queued > 70
    invitation = Invitation.objects.get(person__email="ordforande@ostergotland.example")
    assert invitation.meeting.title == "Ordförandeträff"
    assert invitation.meeting.first_day == datetime.date(2026, 12, 14)


@pytest.mark.django_db
def test_load_demo_issues_the_2026_invoices_with_every_status():
    from budget.invoicing.selectors import Status, status_of, with_payments
    from budget.models import Invoice

    call_command("load_demo")
    call_command("load_demo")
    invoices = list(with_payments(Invoice.objects.filter(fee_year=2026)))
    statuses = [status_of(invoice) for invoice in invoices]
    assert len(invoices) == 74 + 2  # every member, plus a credit note and its replacement
    assert statuses.count(Status.OVERDUE) == 1
    assert statuses.count(Status.CREDITED) == statuses.count(Status.CREDIT_NOTE) == 1
    assert statuses.count(Status.PAID) == 72
    assert statuses.count(Status.PARTLY_PAID) == 1  # the bank's demo file pays half of one
    numbers = sorted(invoice.sequence for invoice in invoices)
    assert numbers == list(range(1, 77))


@pytest.mark.django_db
def test_load_demo_loads_the_annual_cycle():
    from meetings.annual.models import Motion, RollCallEntry
    from meetings.documents.models import MeetingDocument
    from meetings.models import Letter, MeetingType

    call_command("load_demo")
    call_command("load_demo")

    annual = {"meeting__type__code": MeetingType.Code.ANNUAL, "meeting__starts_at__year": 2027}
    motions = Motion.objects.filter(**annual)
    assert motions.count() == 2 and all(m.has_statement for m in motions)
    assert "Södra Dalarna" in motions.get(number=1).association.name
    papers = MeetingDocument.objects.filter(**annual)
    assert set(papers.values_list("made", flat=True)) == {"agenda", "motions", "budget"}
    minutes = MeetingDocument.objects.filter(kind="protokoll", minutes_state="published")
    assert sorted(minutes.values_list("meeting__type__code", flat=True)) == [
        "arsmote",
        "medlemsmote",
        "styrelsemote",
        "styrelsemote",
        "styrelsemote",
    ]
    roll_call = RollCallEntry.objects.filter(meeting__type__code=MeetingType.Code.MEMBERS)
    assert 40 < roll_call.filter(present=True).count() < 74
    letter = Letter.objects.get(title__contains="2023")
    assert "/brev/protokoll/" in letter.body and "nnsfinsam.se/dokument" not in letter.body
    # The decision register: the 2019 motion carried out by its working group, and two open
    # decisions of a board meeting, one past its deadline.
    from django.utils import timezone

    from meetings.followup.models import Decision

    motion_2019 = Decision.objects.get(motion__meeting__starts_at__year=2019)
    assert motion_2019.status == "klart" and motion_2019.responsible.count() == 5
    assert "Ola Andersson" in motion_2019.responsible_names
    assert motion_2019.history.count() >= 3
    board = Decision.objects.open().filter(meeting__type__code=MeetingType.Code.BOARD)
    assert board.count() == 2
    assert board.overdue(today=timezone.localdate()).count() == 1
    assert not Decision.objects.open().exclude(meeting__type__code=MeetingType.Code.BOARD)
    # A board meeting's minutes adjusted online: sent back once, approved as version 2 by
    # the chair and two adjusters, published sealed.
    from meetings.adjusting.models import MinutesAnswer, SealedMinutes

    sealed = SealedMinutes.objects.get()
    assert sealed.version.number == 2 and sealed.document.minutes_state == "published"
    assert MinutesAnswer.objects.filter(version=sealed.version, answer="justerat").count() == 3
    assert MinutesAnswer.objects.filter(answer="aterremitterat").count() == 1
