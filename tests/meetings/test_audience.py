"""Who is invited, per meeting type (docs/domain.md, "The meeting year")."""

import datetime

import pytest

from meetings.audience import audience
from meetings.models import Invitation, MeetingType
from members.models import Area, Role
from tests.factories import MeetingFactory, PersonFactory, RoleFactory, meeting_type

DAY = datetime.date(2026, 11, 24)
INVITED, INFORMED = Invitation.Capacity.INVITED, Invitation.Capacity.FOR_INFORMATION


def _who(meeting, on=DAY) -> dict[int, str]:
    return {invitee.person_id: invitee.capacity for invitee in audience(meeting=meeting, on=on)}


def test_chairs_meeting_invites_member_chairs_and_informs_directors(scene, chairs_meeting):
    assert _who(chairs_meeting) == {
        scene.chair_a.pk: INVITED,
        scene.chair_b.pk: INVITED,
        scene.director_a.pk: INFORMED,
        scene.director_b.pk: INFORMED,
    }


def test_chairs_meeting_invites_the_chair_of_the_day_when_the_chair_changed(scene):
    meeting = MeetingFactory()
    Role.objects.filter(person=scene.chair_a).update(ends_on=datetime.date(2026, 6, 30))
    successor = PersonFactory(first_name="Siv")
    RoleFactory(
        person=successor, kind=Role.Kind.CHAIR, association=scene.a,
        starts_on=datetime.date(2026, 7, 1),
    )  # fmt: skip
    in_june = _who(meeting, on=datetime.date(2026, 6, 15))
    in_november = _who(meeting)
    assert scene.chair_a.pk in in_june and successor.pk not in in_june
    assert successor.pk in in_november and scene.chair_a.pk not in in_november


def test_monthly_meeting_invites_every_person_of_every_member(scene):
    meeting = MeetingFactory(type=meeting_type(MeetingType.Code.MONTHLY), title="Månadsmöte")
    assert _who(meeting) == {
        person.pk: INVITED
        for person in [
            scene.chair_a, scene.director_a, scene.board_member_a, scene.officer_a,
            scene.chair_b, scene.director_b,
        ]
    }  # fmt: skip


def test_board_meeting_invites_the_nns_board_and_staff_only(scene):
    meeting = MeetingFactory(type=meeting_type(MeetingType.Code.BOARD), title="Styrelsemöte")
    assert set(_who(meeting)) == {scene.nns_chair.pk, scene.nns_board_member.pk, scene.nns_staff.pk}


def test_annual_meeting_invites_chairs_directors_delegates_and_the_board(scene):
    delegate = PersonFactory()
    RoleFactory(person=delegate, kind=Role.Kind.DELEGATE, association=scene.b)
    meeting = MeetingFactory(type=meeting_type(MeetingType.Code.ANNUAL), title="Årsmöte")
    assert set(_who(meeting)) == {
        scene.chair_a.pk, scene.director_a.pk, scene.chair_b.pk, scene.director_b.pk,
        delegate.pk, scene.nns_chair.pk, scene.nns_board_member.pk, scene.nns_staff.pk,
    }  # fmt: skip


def test_area_meeting_invites_one_area_and_its_contact_persons(scene):
    meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.AREA),
        title="Områdesträff syd",
        area=Area.objects.get(code="syd"),
    )
    assert set(_who(meeting)) == {
        scene.chair_a.pk, scene.director_a.pk, scene.board_member_a.pk, scene.officer_a.pk,
        scene.contact_syd.pk,
    }  # fmt: skip


def test_audit_meeting_invites_working_committee_auditors_and_staff(scene):
    auditor, committee = PersonFactory(), PersonFactory()
    RoleFactory(person=auditor, kind=Role.Kind.NNS_AUDITOR, association=None)
    RoleFactory(person=committee, kind=Role.Kind.NNS_WORKING_COMMITTEE, association=None)
    meeting = MeetingFactory(type=meeting_type(MeetingType.Code.AUDIT), title="Revisionsmöte")
    assert set(_who(meeting)) == {auditor.pk, committee.pk, scene.nns_staff.pk}


@pytest.mark.django_db
def test_one_invitation_per_person_invited_rather_than_informed(scene, chairs_meeting):
    # Chair of one association and director of another: invited, once.
    RoleFactory(person=scene.chair_a, kind=Role.Kind.DIRECTOR, association=scene.b)
    invitees = audience(meeting=chairs_meeting, on=DAY)
    mine = [i for i in invitees if i.person_id == scene.chair_a.pk]
    assert len(mine) == 1 and mine[0].capacity == INVITED


def test_people_without_an_address_and_former_members_are_left_out(scene, chairs_meeting):
    no_address = PersonFactory(email="")
    RoleFactory(person=no_address, kind=Role.Kind.CHAIR, association=scene.a)
    who = _who(chairs_meeting)
    assert no_address.pk not in who
    assert scene.chair_former.pk not in who
