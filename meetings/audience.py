"""Who is invited to a meeting, by its type (docs/domain.md, "The meeting year"), and who still is.

The audience is resolved from the roles that hold on the day the invitations are sent, so a
chair who took over during the year is the one invited. People without an e-mail address
cannot be invited and are left out.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

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


@dataclass(frozen=True)
class Standing:
    """What a person holds on one day that the portal invites to meetings: roles in member
    associations (kind, association, its area), roles in NNS, areas they are contact of."""

    person_id: int | None
    member_roles: frozenset[tuple[str, int, int]]
    nns_kinds: frozenset[str]
    contact_areas: frozenset[int]

    @property
    def holds_a_role(self) -> bool:
        return bool(self.member_roles or self.nns_kinds or self.contact_areas)

    def qualifies(self, rule: AudienceRule) -> tuple[bool, frozenset[int]]:
        """Whether the rule invites the person to any meeting of its type, and for a type of
        one area, to the meetings of which areas."""
        kinds = rule.member_kinds | rule.informed_kinds
        member_areas = {area for kind, _a, area in self.member_roles if kind in kinds}
        if rule.one_area:
            return False, frozenset(member_areas | self.contact_areas)
        return bool(member_areas or self.nns_kinds & rule.nns_kinds), frozenset()

    @property
    def board_associations(self) -> frozenset[int]:
        return frozenset(a for kind, a, _area in self.member_roles if kind in Role.BOARD_KINDS)


NO_STANDING = Standing(None, frozenset(), frozenset(), frozenset())


def standing_of(*, person_id: int | None, on: datetime.date) -> Standing:
    """The person's standing on ``on`` (two queries)."""
    if person_id is None:
        return NO_STANDING
    in_nns_or_a_member = Q(association__isnull=True) | Q(
        association__in=Association.objects.members_on(on)
    )
    roles = Role.objects.current_on(on).filter(in_nns_or_a_member, person_id=person_id)
    member_roles, nns_kinds = set(), set()
    for kind, association_id, area_id in roles.values_list(
        "kind", "association_id", "association__area_id"
    ):
        if association_id is None:
            nns_kinds.add(kind)
        else:
            member_roles.add((kind, association_id, area_id))
    areas = AreaContact.objects.filter(current_on(on), person_id=person_id)
    return Standing(
        person_id=person_id,
        member_roles=frozenset(member_roles),
        nns_kinds=frozenset(nns_kinds),
        contact_areas=frozenset(areas.values_list("area_id", flat=True)),
    )


def invitations_in_force(*, standing: Standing) -> QuerySet[Invitation]:
    """The person's invitations that their roles of the day still give them: they would be
    invited to the meeting today, or they are named to come instead of someone of an
    association on whose board they sit."""
    if standing.person_id is None:
        return Invitation.objects.none()
    wanted = Q(pk__in=[])
    for code, rule in RULES.items():
        every_meeting, areas = standing.qualifies(rule)
        if every_meeting:
            wanted |= Q(meeting__type__code=code)
        elif areas:
            wanted |= Q(meeting__type__code=code, meeting__area_id__in=areas)
    named_instead = Invitation.objects.filter(
        meeting=OuterRef("meeting"), substitute_id=standing.person_id
    )
    wanted |= Q(Exists(named_instead), association_id__in=standing.board_associations)
    return Invitation.objects.filter(wanted, person_id=standing.person_id)


def still_invited(*, invitation: Invitation, on: datetime.date) -> bool:
    """Whether the invitee still holds a role that invites them (see ``invitations_in_force``)."""
    standing = standing_of(person_id=invitation.person_id, on=on)
    return invitations_in_force(standing=standing).filter(pk=invitation.pk).exists()


def holds_a_role(*, person_id: int, on: datetime.date) -> bool:
    """Whether someone holds any role today that the portal invites to meetings: in a member
    association, in NNS, or as an area's contact person."""
    return standing_of(person_id=person_id, on=on).holds_a_role
