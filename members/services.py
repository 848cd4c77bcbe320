"""Every write to the register. Views, the admin and imports call these.

A person's e-mail address is also the address they log in with, so it is an identity and not
only a contact detail. Staff (the admin, imports) change it at once. A member association's
chair or director may ask to change it only for people whose login has no rights beyond the
association's own roles, and the login moves only when a link sent to the new address has been
followed; the old address is told. No write that a member association can make creates,
re-activates or raises a staff login, or ties a person to someone else's login.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from nns_portal.outbox import outbox_queue

from .emails import login_address_drafts
from .models import Association, LoginAddressChange, Person, Role, User
from .selectors import person_has_rights_beyond

# What an association's chair or director may correct in the portal.
ASSOCIATION_CONTACT_FIELDS = (
    "street_address",
    "postal_code",
    "city",
    "invoice_address",
    "invoice_email",
    "invoice_reference",
    "invoice_order_number",
    "email",
    "phone",
    "website",
)


def _normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def _login_point_to(user: User, email: str) -> None:
    """Make ``email`` the one verified address of ``user``."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def user_ensure_for_login(*, email: str, first_name: str, last_name: str) -> User:
    """Create or update the login of someone in the register (staff's path: admin, imports).

    The address is marked verified because NNS staff registered it; the person proves
    owning it each time they log in with a code sent there. A closed staff or superuser login
    is never opened again from here: that is done on the login itself, in the user admin.
    """
    email = _normalise_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, first_name=first_name, last_name=last_name)
    else:
        user.first_name, user.last_name = first_name, last_name
        if not (user.is_staff or user.is_superuser):
            user.is_active = True
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "is_active"])
    _login_point_to(user, email)
    return user


def _person_sync_login(person: Person) -> None:
    """Whoever is in the register with an address can log in with it, and nobody else."""
    if not person.email:
        if person.user_id:
            User.objects.filter(pk=person.user_id).update(is_active=False)
        return
    address_taken = User.objects.filter(email__iexact=person.email).exists()
    if person.user_id and person.user.email.lower() != person.email and not address_taken:
        # The address changed: move the existing login to it, keeping its history.
        user = person.user
        user.email = person.email
        user.save(update_fields=["email"])
    user = user_ensure_for_login(
        email=person.email, first_name=person.first_name, last_name=person.last_name
    )
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])


@transaction.atomic
def people_add(*, people: list[Person], roles: list[tuple[str, Role]]) -> None:
    """Add many people new to the register, none of whose addresses has a login yet, with
    their logins and roles (``roles``: the person's address and an unsaved role): what
    ``person_save`` does for one such person, in a few statements (an import of thousands).
    The people are validated already; the database's constraints check the rest."""
    with_address = [person for person in people if person.email]
    users = User.objects.bulk_create(
        User(
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            password=make_password(None),  # unusable: everyone logs in with a code
        )
        for person in with_address
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    for person, user in zip(with_address, users, strict=True):
        person.user = user
    bulk_create_with_history(people, Person)
    by_address = {person.email: person for person in people}
    for email, role in roles:
        role.person = by_address[email]
    bulk_create_with_history([role for _email, role in roles], Role)


def _pending_changes_supersede(person: Person) -> None:
    LoginAddressChange.objects.filter(
        person=person, status=LoginAddressChange.Status.PENDING
    ).update(status=LoginAddressChange.Status.SUPERSEDED)


def _change_reason(old: str, new: str) -> str:
    return f"Inloggningsadress: {old or '–'} → {new or '–'}"


@transaction.atomic
def person_save(*, person: Person, changed_by: User | None = None) -> Person:
    """Validate and save a person (staff's path), keeping their login in step with the address.

    A changed address is recorded as a change of login address made by ``changed_by``.
    """
    person.email = _normalise_email(person.email)
    person.full_clean(exclude=["user"])
    old = None
    if person.pk:
        old = Person.objects.filter(pk=person.pk).values_list("email", flat=True).first()
    address_changed = old is not None and old != person.email
    if address_changed:
        person._change_reason = _change_reason(old, person.email)
    person.save()
    if address_changed:
        _pending_changes_supersede(person)
        LoginAddressChange.objects.create(
            person=person,
            old_email=old,
            new_email=person.email,
            requested_by=changed_by,
            status=LoginAddressChange.Status.MADE_BY_STAFF,
            confirmed_at=timezone.now(),
        )
    _person_sync_login(person)
    return person


def _address_refused(person: Person) -> ValidationError:
    """One answer, whoever has the address (another person, a login without one): the answer
    must not tell who is in the portal."""
    return ValidationError(
        _("This address cannot become the login of %(name)s. If it should, write to NNS's office.")
        % {"name": person}
    )


def _address_check_free(*, email: str, person: Person) -> None:
    """Refuse an address that another person or another login has."""
    taken = (
        Person.objects.filter(email__iexact=email).exclude(pk=person.pk).exists()
        or User.objects.filter(email__iexact=email).exclude(pk=person.user_id).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user_id=person.user_id).exists()
    )
    if taken:
        raise _address_refused(person)


def _rights_check(*, person: Person, association: Association, editor: User | None) -> None:
    """An association changes the login address only of its own people who have no rights
    beyond its roles, and not of another of its chairs and directors: each of them decides
    their own (or NNS's office does)."""
    if person_has_rights_beyond(person=person, association=association):
        raise ValidationError(
            {
                "email": _(
                    "%(name)s also has roles or rights outside %(association)s, so only NNS's "
                    "office can change the address %(name)s logs in with. Write to NNS's office."
                )
                % {"name": person, "association": association}
            }
        )
    editors = Role.objects.current_on(timezone.localdate()).filter(
        person=person, association=association, kind__in=Role.EDITOR_KINDS
    )
    if editor is not None and person.user_id != editor.pk and editors.exists():
        raise ValidationError(
            {
                "email": _(
                    "%(name)s can change the contact details of %(association)s too, so only "
                    "%(name)s or NNS's office can change the address %(name)s logs in with."
                )
                % {"name": person, "association": association}
            }
        )


def _login_address_request(
    *, person: Person, association: Association, editor: User, new_email: str
) -> LoginAddressChange:
    _rights_check(person=person, association=association, editor=editor)
    _pending_changes_supersede(person)
    old = person.email
    if not new_email:
        # Removing the address closes the login at once; nobody gains one by it.
        person.email = ""
        person._change_reason = _change_reason(old, "")
        person.save(update_fields=["email"])
        if person.user_id:
            User.objects.filter(pk=person.user_id).update(is_active=False)
        return LoginAddressChange.objects.create(
            person=person,
            old_email=old,
            requested_by=editor,
            association=association,
            status=LoginAddressChange.Status.REMOVED,
            confirmed_at=timezone.now(),
        )
    # Whether the address is free is checked when it is confirmed: the editor gets the same
    # answer for any address, so the form tells nobody who else is in the portal.
    change = LoginAddressChange.objects.create(
        person=person,
        old_email=old,
        new_email=new_email,
        requested_by=editor,
        association=association,
        status=LoginAddressChange.Status.PENDING,
    )
    outbox_queue(drafts=login_address_drafts(change=change))
    return change


@transaction.atomic
def person_update_contact(
    *,
    person: Person,
    association: Association,
    editor: User,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
) -> LoginAddressChange | None:
    """What an association's chair or director corrects about one of its people.

    Name and phone are saved at once. A new address is only asked for: the returned change
    waits for confirmation from the new address (or, for a removed address, is done).
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    person.first_name, person.last_name, person.phone = first_name, last_name, phone
    person.full_clean(exclude=["user", "email"])
    person.save(update_fields=["first_name", "last_name", "phone"])
    if person.user_id and not person_has_rights_beyond(person=person, association=association):
        User.objects.filter(pk=person.user_id).update(first_name=first_name, last_name=last_name)
    new_email = _normalise_email(email)
    if new_email == person.email:
        return None
    return _login_address_request(
        person=person, association=association, editor=editor, new_email=new_email
    )


def login_address_change_confirm(*, change: LoginAddressChange) -> Person:
    """The new address has been shown to be the person's: move their login to it (and open
    it again, if removing the address had closed it)."""
    try:
        return _confirm(change=change)
    except IntegrityError:  # the same address confirmed for someone else at the same moment
        raise _address_refused(change.person) from None


@transaction.atomic
def _confirm(*, change: LoginAddressChange) -> Person:
    change = LoginAddressChange.objects.select_for_update().get(pk=change.pk)
    if change.status != LoginAddressChange.Status.PENDING:
        raise ValidationError(_("This link has been used already, or a later change replaced it."))
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=change.person_id)
    )
    if change.association is not None:
        _rights_check(person=person, association=change.association, editor=change.requested_by)
    _address_check_free(email=change.new_email, person=person)
    old = person.email
    person.email = change.new_email
    person._change_reason = _change_reason(old, person.email)
    person._history_user = change.requested_by
    person.save(update_fields=["email"])
    if person.user_id:
        user = person.user
        user.email = person.email
        user.is_active = user.is_active or not (user.is_staff or user.is_superuser)
        user.save(update_fields=["email", "is_active"])
    else:
        user = User.objects.create_user(
            person.email, first_name=person.first_name, last_name=person.last_name
        )
        person.user = user
        person.save(update_fields=["user"])
    _login_point_to(user, person.email)
    change.status = LoginAddressChange.Status.CONFIRMED
    change.confirmed_at = timezone.now()
    change.save(update_fields=["status", "confirmed_at"])
    return person


@transaction.atomic
def association_update_contact_details(
    *, association: Association, fields: dict[str, str]
) -> Association:
    """Correct the contact details that an association's chair or director may change."""
    for name in ASSOCIATION_CONTACT_FIELDS:
        if name in fields:
            setattr(association, name, fields[name])
    association.full_clean()
    association.save()
    return association


@transaction.atomic
def role_start(
    *,
    person: Person,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    association: Association | None = None,
) -> Role:
    """A role that starts on a day (someone elected at a meeting): added to the person's role
    history; nobody's login changes."""
    role = Role(person=person, kind=kind, association=association, starts_on=starts_on,
                ends_on=ends_on)  # fmt: skip
    role.full_clean()
    role.save()
    return role
