"""Who is invited to a meeting, by its type (DOMAIN.md, "Meetings").

The audience is resolved from the roles that hold on the day the invitations are sent, so a
chair who took over during the year is the one invited. People without an e-mail address
cannot be invited and are left out.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from members.models import AreaContact, Association, Role, current_on

from .models import Invitation, Meeting, MeetingType

Kind = Role.Kind
Code = MeetingType.Code

NNS_BOARD = frozenset({Kind.NNS_CHAIR, Kind.NNS_BOARD_MEMBER})
NNS_BOARD_AND_STAFF = NNS_BOARD | {Kind.NNS_STAFF}
MEMBER_REPRESENTATIVES = frozenset({Kind.CHAIR, Kind.DIRECTOR, Kind.DELEGATE})


@dataclass(frozen=True)
class AudienceRule:
    # Roles in the member associations whose holders are invited.
    member_kinds: frozenset[str] = frozenset()
    # Roles in the member associations whose holders get the invitation for information.
    informed_kinds: frozenset[str] = frozenset()
    # Roles in NNS whose holders are invited.
    nns_kinds: frozenset[str] = frozenset()
    # Only the meeting's area, with that area's contact persons.
    one_area: bool = False


RULES: dict[str, AudienceRule] = {
    Code.BOARD: AudienceRule(nns_kinds=NNS_BOARD_AND_STAFF),
    Code.PLANNING: AudienceRule(nns_kinds=NNS_BOARD_AND_STAFF),
    Code.CONSTITUTIVE: AudienceRule(nns_kinds=NNS_BOARD_AND_STAFF),
    Code.AUDIT: AudienceRule(
        nns_kinds=frozenset({Kind.NNS_WORKING_COMMITTEE, Kind.NNS_AUDITOR, Kind.NNS_STAFF})
    ),
    Code.MONTHLY: AudienceRule(member_kinds=frozenset(Role.ASSOCIATION_KINDS)),
    Code.CHAIRS: AudienceRule(
        member_kinds=frozenset({Kind.CHAIR}), informed_kinds=frozenset({Kind.DIRECTOR})
    ),
    Code.ANNUAL: AudienceRule(member_kinds=MEMBER_REPRESENTATIVES, nns_kinds=NNS_BOARD_AND_STAFF),
    Code.MEMBERS: AudienceRule(member_kinds=MEMBER_REPRESENTATIVES, nns_kinds=NNS_BOARD_AND_STAFF),
    Code.AREA: AudienceRule(member_kinds=frozenset(Role.ASSOCIATION_KINDS), one_area=True),
}


@dataclass(frozen=True)
class Invitee:
    person_id: int
    association_id: int | None
    capacity: str


def audience(*, meeting: Meeting, on: datetime.date, person_id: int | None = None) -> list[Invitee]:
    """Everyone to invite to ``meeting`` according to the roles of the day ``on`` (or only
    ``person_id``, if they are among them).

    A person appears once: invited rather than informed if they qualify as both, and for the
    first association (by name) they hold a qualifying role in.
    """
    people = {} if person_id is None else {"person_id": person_id}
    rule = RULES[meeting.type.code]
    found: dict[int, Invitee] = {}

    def add(person_id: int, association_id: int | None, capacity: str) -> None:
        known = found.get(person_id)
        if known is None or (
            known.capacity == Invitation.Capacity.FOR_INFORMATION
            and capacity == Invitation.Capacity.INVITED
        ):
            found[person_id] = Invitee(person_id, association_id, capacity)

    members = Association.objects.members_on(on)
    if rule.one_area:
        members = members.filter(area_id=meeting.area_id)
    kinds = rule.member_kinds | rule.informed_kinds
    if kinds:
        roles = (
            Role.objects.current_on(on)
            .filter(association__in=members, kind__in=kinds, person__email__gt="", **people)
            .order_by("association__name", "pk")
            .values_list("person_id", "association_id", "kind")
        )
        for person_id, association_id, kind in roles:
            capacity = (
                Invitation.Capacity.INVITED
                if kind in rule.member_kinds
                else Invitation.Capacity.FOR_INFORMATION
            )
            add(person_id, association_id, capacity)
    if rule.nns_kinds:
        nns = Role.objects.current_on(on).filter(
            association__isnull=True, kind__in=rule.nns_kinds, person__email__gt="", **people
        )
        for person_id in nns.values_list("person_id", flat=True):
            add(person_id, None, Invitation.Capacity.INVITED)
    if rule.one_area:
        contacts = AreaContact.objects.filter(
            current_on(on), area_id=meeting.area_id, person__email__gt="", **people
        )
        for person_id in contacts.values_list("person_id", flat=True):
            add(person_id, None, Invitation.Capacity.INVITED)
    return list(found.values())


def still_invited(*, invitation: Invitation, on: datetime.date) -> bool:
    """Whether the invitee still holds a role that invites them: they are in the meeting's
    audience of the day, or (someone named to come instead) on the board of the association
    they stand in for, while it is a member."""
    if audience(meeting=invitation.meeting, on=on, person_id=invitation.person_id):
        return True
    return (
        invitation.association_id is not None
        and Role.objects.current_on(on)
        .filter(
            person_id=invitation.person_id,
            association_id=invitation.association_id,
            kind__in=Role.BOARD_KINDS,
            association__in=Association.objects.members_on(on),
        )
        .exists()
    )


def holds_a_role(*, person_id: int, on: datetime.date) -> bool:
    """Whether someone holds any role today that the portal invites to meetings: in a member
    association, in NNS, or as an area's contact person."""
    in_nns_or_a_member = Q(association__isnull=True) | Q(
        association__in=Association.objects.members_on(on)
    )
    return (
        Role.objects.current_on(on).filter(in_nns_or_a_member, person_id=person_id).exists()
        or AreaContact.objects.filter(current_on(on), person_id=person_id).exists()
    )
