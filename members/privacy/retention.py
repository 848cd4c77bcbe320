"""How long the portal keeps personal data, and the anonymisation that ends it.

A person is kept ``PERSON_RETENTION_MONTHS`` (24) after their last role or area assignment
ended; someone who never had one, as long after they were last changed. Then the nightly run
anonymises them: the person's name, address and phone, every earlier version of the person,
their login with its addresses and sessions, their private calendar, and the recipient and
text of every message sent to them. What statistics, minutes and the accounts need stays:
the rows of invitations, answers and delegates (now naming "Anonymiserad"), and the invoices,
which name associations, not people. Message bodies of everyone are cleared
``EMAIL_BODY_RETENTION_DAYS`` (90) after sending; the row's key, recipient and status stay,
so a message is still never sent twice.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import CalendarFeed
from nns_portal.models import OutboxMessage

from ..models import LoginAddressChange, Person, User, not_ended_by

ANONYMOUS = "Anonymiserad"


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def people_due_for_anonymisation(*, today: datetime.date) -> QuerySet[Person]:
    """People past the retention limit, not anonymised yet, whose login gives no staff rights."""
    cutoff = _months_before(today, settings.PERSON_RETENTION_MONTHS)
    ongoing = not_ended_by(cutoff, "roles__")
    ongoing_areas = not_ended_by(cutoff, "area_contacts__")
    cutoff_moment = datetime.datetime.combine(
        cutoff, datetime.time(), timezone.get_current_timezone()
    )
    history = Person.history.model.objects.values("id").annotate(last=Max("history_date"))
    recently_changed = history.filter(last__gte=cutoff_moment).values("id")
    return (
        Person.objects.filter(anonymised_at__isnull=True)
        .exclude(pk__in=Person.objects.filter(ongoing).values("pk"))
        .exclude(pk__in=Person.objects.filter(ongoing_areas).values("pk"))
        .exclude(Q(roles__isnull=True, area_contacts__isnull=True) & Q(pk__in=recently_changed))
        .exclude(Q(user__is_staff=True) | Q(user__is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name")
    )


def _person_strip(person: Person) -> None:
    email = person.email
    user_id = person.user_id
    Person.history.model.objects.filter(id=person.pk).delete()
    person.first_name, person.last_name = ANONYMOUS, f"#{person.pk}"
    person.email, person.phone, person.user = "", "", None
    person.receives_letters = False
    person.anonymised_at = timezone.now()
    person.skip_history_when_saving = True
    person.save()
    del person.skip_history_when_saving
    if user_id:
        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
                session.delete()
        EmailAddress.objects.filter(user_id=user_id).delete()
        User.objects.filter(pk=user_id).delete()
    CalendarFeed.objects.filter(person=person).delete()
    LoginAddressChange.objects.filter(person=person).update(old_email="", new_email="")
    if email:
        OutboxMessage.objects.filter(to__iexact=email).update(
            to="", subject="", body_text="", body_html="", headers={}
        )


@transaction.atomic
def person_anonymise(*, person: Person) -> Person:
    """Anonymise one person now (the nightly run, or staff on request)."""
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    if person.anonymised_at is None:
        _person_strip(person)
    return person


def person_erase(*, person: Person) -> Person:
    """The person asked to be erased: done at once, unless they still hold a role."""
    if person.roles.filter(not_ended_by(timezone.localdate())).exists():
        raise ValidationError(
            _(
                "%(name)s still holds a role, so their details are needed for it. End the "
                "role first; then the details can be erased."
            )
            % {"name": person}
        )
    if person.user_id and (person.user.is_staff or person.user.is_superuser):
        raise ValidationError(
            _("%(name)s has a staff login. Close it in the user admin first.") % {"name": person}
        )
    return person_anonymise(person=person)


def people_anonymise_due(*, today: datetime.date, dry_run: bool = False) -> list[str]:
    """The nightly run: anonymise everyone past the limit; returns who (as they were named)."""
    due = list(people_due_for_anonymisation(today=today))
    if not dry_run:
        for person in due:
            person_anonymise(person=person)
    return [f"{person} <{person.email}>" if person.email else str(person) for person in due]


def outbox_bodies_clear(*, now: datetime.datetime) -> int:
    """Clear the text of messages sent more than ``EMAIL_BODY_RETENTION_DAYS`` ago."""
    before = now - datetime.timedelta(days=settings.EMAIL_BODY_RETENTION_DAYS)
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=before)
        .exclude(body_text="", body_html="")
        .update(body_text="", body_html="")
    )
