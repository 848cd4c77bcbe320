import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from meetings import services
from meetings.adjusting import services as adjusting
from meetings.annual.models import Motion, RollCallEntry
from meetings.decisions.models import AgendaItem, Candidate, Poll, PollVoter
from meetings.documents.services import document_add
from meetings.followup import services as followup
from meetings.followup.models import Decision
from meetings.models import Invitation, Letter, MeetingDelegate
from members.models import Association, LoginAddressChange, Person, Role, User
from nns_portal.models import OutboxMessage
from tests.factories import (
    AreaContactFactory,
    AssociationFactory,
    MeetingFactory,
    RoleFactory,
    StaffFactory,
    annual_meeting,
    enrol_second_factor,
)


@dataclass
class Register:
    a: Association
    b: Association
    chair_a: Person
    officer_a: Person
    officer_b: Person
    staff: User


@pytest.fixture
def register(db) -> Register:
    a, b = AssociationFactory(), AssociationFactory()
    return Register(
        a=a,
        b=b,
        chair_a=RoleFactory(association=a, kind=Role.Kind.CHAIR).person,
        officer_a=RoleFactory(association=a, kind=Role.Kind.OFFICER).person,
        officer_b=RoleFactory(association=b, kind=Role.Kind.OFFICER).person,
        staff=StaffFactory(),
    )


@pytest.fixture
def everything(scene, frozen, send):
    """Officer Olle of Alfa with a record of every kind."""
    person = scene.officer_a
    AreaContactFactory(person=person)
    chairs = MeetingFactory()
    send(services.invitations_send, meeting=chairs)
    annual = annual_meeting(datetime.date(2027, 1, 4))
    Invitation.objects.create(
        meeting=annual, person=person, association=scene.a, capacity="invited"
    )
    Invitation.objects.filter(meeting=chairs, person=scene.chair_a).update(
        answer=Invitation.Answer.SUBSTITUTE, substitute=person
    )
    MeetingDelegate.objects.create(meeting=annual, association=scene.a, person=person)
    Motion.objects.create(
        meeting=annual, number=1, association=scene.a, submitted_by=person, title="Motion",
        text="Vi yrkar", submitted_at=annual.starts_at - datetime.timedelta(days=40),
    )  # fmt: skip
    RollCallEntry.objects.create(
        meeting=annual, association=scene.a, person=person, checked_in_at=annual.starts_at
    )
    send(
        services.area_meeting_request_create,
        association=scene.a,
        person=person,
        message="Träff om unga vuxna",
    )
    services.calendar_feed_get(person=person)
    Letter.objects.create(board_meeting=chairs, title="Brev", body="Hej", signed_by=person)
    LoginAddressChange.objects.create(
        person=person, old_email=person.email, new_email="ny@forbund.example", status="pending"
    )
    OutboxMessage.objects.create(
        key="t:1", category="test", to=person.email, subject="Hej", body_text="Text",
        message_id="<1@nns.example>",
    )  # fmt: skip
    election = AgendaItem.objects.create(
        meeting=annual, position=1, title="Val av revisorer", kind="val", role_kind="nns_revisor",
        seats=1,
    )  # fmt: skip
    Candidate.objects.create(item=election, person=person, by_nomination_committee=True)
    poll = Poll.objects.create(item=election, question="Val", method="secret", tie_rule="lottery")
    PollVoter.objects.create(poll=poll, association=scene.a, person=person, voted=True)
    decision = followup.decision_save(
        decision=Decision(meeting=chairs, text="Planera en träff"), user=None, responsible=[person]
    )
    followup.decision_follow_up(decision=decision, status="pagar", note="", user=person.user)
    minutes = document_add(
        meeting=chairs, kind="protokoll", title="Protokoll",
        upload=ContentFile(b"%PDF-1.7 protokoll", "protokoll.pdf"), user=None,
    )  # fmt: skip
    adjusting.minutes_round_start(
        document=minutes, chair=scene.chair_a, adjusters=[person], user=None
    )
    adjusting.minutes_answer(
        document=minutes, person=person, approve=False, comment="Rätta § 3.",
        sha256_read=minutes.versions.get().sha256, login_method="kod", user=person.user,
    )  # fmt: skip
    enrol_second_factor(person.user)  # a member may add one
    person.phone = "070-111 22 33"
    person.save()
    return person
