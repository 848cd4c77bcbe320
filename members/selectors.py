"""Every read of the register that a view or a task needs, scoped to the user asking."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import (
    Area,
    AreaContact,
    Association,
    AssociationYear,
    LoginAddressChange,
    Person,
    Role,
    User,
    current_on,
    not_ended_by,
)
from .tokens import LoginAddressLinkInvalid, login_address_change_id


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def roles_of_user(
    *, user: User, kinds: Iterable[str] | None = None, on: datetime.date | None = None
) -> QuerySet[Role]:
    """The roles a login holds on a day (today by default), of the given kinds or all."""
    roles = Role.objects.current_on(_today(on)).filter(person__user=user)
    return roles if kinds is None else roles.filter(kind__in=kinds)


# NNS's board of today with NNS's staff: who read NNS's budget and its decision register.
BOARD_OF_TODAY = frozenset({Role.Kind.NNS_CHAIR, Role.Kind.NNS_BOARD_MEMBER, Role.Kind.NNS_STAFF})


def is_board_of_today(*, user: User) -> bool:
    """Staff, or someone who holds a role on NNS's board (or as its staff) today."""
    if not user.is_authenticated:
        return False
    return user.is_staff or roles_of_user(user=user, kinds=BOARD_OF_TODAY).exists()


def staff_with_address() -> QuerySet[User]:
    """The active staff logins with an address: who the office's reminders go to."""
    return User.objects.filter(is_staff=True, is_active=True, email__gt="")


def person_for_user(*, user: User) -> Person | None:
    """The register's person behind a login (staff may have none)."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def associations_for_user(*, user: User, on: datetime.date | None = None) -> QuerySet[Association]:
    """The associations whose pages a user may see: where they hold a role today (staff: all)."""
    if not user.is_authenticated:
        return Association.objects.none()
    if user.is_staff:
        return Association.objects.all()
    ids = roles_of_user(user=user, on=on).values("association_id")
    return Association.objects.filter(pk__in=ids)


def association_get_for_user(*, user: User, pk: int) -> Association:
    """One association the user may see, or 404 (the same whether missing or someone else's)."""
    association = associations_for_user(user=user).select_related("area").filter(pk=pk).first()
    if association is None:
        raise Http404
    return association


def user_may_edit_association(*, user: User, association: Association) -> bool:
    """Staff, and the association's chair and director of today, may correct its details."""
    if user.is_staff:
        return True
    return (
        roles_of_user(user=user, kinds=Role.EDITOR_KINDS).filter(association=association).exists()
    )


def association_get_editable_for_user(*, user: User, pk: int) -> Association:
    association = association_get_for_user(user=user, pk=pk)
    if not user_may_edit_association(user=user, association=association):
        raise Http404
    return association


def person_get_editable_for_user(*, user: User, association: Association, pk: int) -> Person:
    """A person of ``association`` (current role) that the user may correct, or 404."""
    association = association_get_editable_for_user(user=user, pk=association.pk)
    ids = Role.objects.current_on(timezone.localdate()).filter(association=association)
    person = Person.objects.filter(pk=pk, pk__in=ids.values("person_id")).first()
    if person is None:
        raise Http404
    return person


def person_has_rights_beyond(*, person: Person, association: Association) -> bool:
    """Whether the person's login can do more than ``association``'s own roles allow.

    Staff, superusers and logins with admin groups or permissions; anyone with an NNS role,
    a role in another association or an area contact assignment that has not ended (today or
    later). Only for people without such rights may the association change the address
    they log in with.
    """
    user = person.user
    if user is not None and (
        user.is_staff or user.is_superuser or user.groups.exists() or user.user_permissions.exists()
    ):
        return True
    lasting = not_ended_by(timezone.localdate())
    elsewhere = Q(association__isnull=True) | ~Q(association=association)
    return (
        person.roles.filter(lasting & elsewhere).exists()
        or person.area_contacts.filter(lasting).exists()
    )


def login_address_change_for_link(*, token: str) -> LoginAddressChange:
    """The change a confirmation link names; raises LoginAddressLinkInvalid for a bad link."""
    pk, email = login_address_change_id(token=token)
    change = (
        LoginAddressChange.objects.select_related("person", "association")
        .filter(pk=pk, new_email=email)
        .first()
    )
    if change is None:
        raise LoginAddressLinkInvalid("unknown change")
    return change


@dataclass(frozen=True)
class AssociationOverview:
    association: Association
    roles: list[Role]
    contacts: list[AreaContact]
    years: list[AssociationYear]
    may_edit: bool


def association_overview(*, user: User, association: Association) -> AssociationOverview:
    """What "Mitt förbund" shows: people and roles of today, area contacts, budgets."""
    today = timezone.localdate()
    roles = list(
        Role.objects.current_on(today).filter(association=association).select_related("person")
    )
    order = {kind: index for index, kind in enumerate(Role.Kind.values)}
    roles.sort(key=lambda role: (order[role.kind], role.person.last_name, role.person.first_name))
    contacts = list(
        AreaContact.objects.filter(current_on(today), area_id=association.area_id).select_related(
            "person"
        )
    )
    years = list(association.years.order_by("-year"))
    return AssociationOverview(
        association=association,
        roles=roles,
        contacts=contacts,
        years=years,
        may_edit=user_may_edit_association(user=user, association=association),
    )


@dataclass(frozen=True)
class DirectoryArea:
    area: Area
    associations: list[Association]
    contacts: list[AreaContact]


def member_directory(*, on: datetime.date | None = None) -> list[DirectoryArea]:
    """The member associations of a day grouped by area, with each area's contact persons."""
    day = _today(on)
    members = Association.objects.members_on(day).only(
        "name", "area_id", "city", "region", "municipalities", "website", "email"
    )
    contacts = AreaContact.objects.filter(current_on(day)).select_related("person")
    by_area: dict[int, list[Association]] = defaultdict(list)
    for association in members:
        by_area[association.area_id].append(association)
    contacts_by_area: dict[int, list[AreaContact]] = defaultdict(list)
    for contact in contacts:
        contacts_by_area[contact.area_id].append(contact)
    return [
        DirectoryArea(area=area, associations=by_area[area.pk], contacts=contacts_by_area[area.pk])
        for area in Area.objects.order_by("code")
    ]


@dataclass(frozen=True)
class Profile:
    person: Person
    roles_now: list[Role]
    roles_before: list[Role]
    areas_now: list[AreaContact]


def profile_of(*, person: Person, on: datetime.date | None = None) -> Profile:
    """What a person sees of themselves on *Mina uppgifter*: their details, the roles they
    hold and held (newest first), and the areas they are a contact person for."""
    day = _today(on)
    roles = list(
        Role.objects.filter(person=person)
        .select_related("association")
        .order_by("-starts_on", "pk")
    )
    current = set(Role.objects.current_on(day).filter(person=person).values_list("pk", flat=True))
    return Profile(
        person=person,
        roles_now=[role for role in roles if role.pk in current],
        roles_before=[role for role in roles if role.pk not in current and role.starts_on <= day],
        areas_now=list(
            AreaContact.objects.filter(current_on(day), person=person).select_related("area")
        ),
    )
