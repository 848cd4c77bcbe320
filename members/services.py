"""Every write to the register. Views, the admin and imports call these."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import Association, Person, User

# What an association's chair or director may correct in the portal.
ASSOCIATION_CONTACT_FIELDS = (
    "street_address",
    "postal_code",
    "city",
    "invoice_address",
    "invoice_email",
    "email",
    "phone",
    "website",
)


@transaction.atomic
def user_ensure_for_login(
    *, email: str, first_name: str, last_name: str, is_staff: bool = False
) -> User:
    """Create or update the login of someone in the register.

    The address is marked verified because NNS staff registered it; the person proves
    owning it each time they log in with a code sent there.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email, first_name=first_name, last_name=last_name, is_staff=is_staff
        )
    else:
        user.first_name, user.last_name = first_name, last_name
        user.is_staff = user.is_staff or is_staff
        user.is_active = True
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "is_staff", "is_active"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
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
        user.email = person.email.lower()
        user.save(update_fields=["email"])
    user = user_ensure_for_login(
        email=person.email, first_name=person.first_name, last_name=person.last_name
    )
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])


@transaction.atomic
def person_save(*, person: Person) -> Person:
    """Validate and save a person, and keep their login in step with their e-mail address."""
    person.email = person.email.strip().lower()
    person.full_clean(exclude=["user"])
    person.save()
    _person_sync_login(person)
    return person


@transaction.atomic
def person_update_contact(
    *, person: Person, first_name: str, last_name: str, email: str, phone: str
) -> Person:
    person.first_name, person.last_name = first_name, last_name
    person.email, person.phone = email, phone
    return person_save(person=person)


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
