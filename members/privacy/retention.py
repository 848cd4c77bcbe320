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
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nns_portal.models import OutboxMessage

from ..models import AreaContact, LoginAddressChange, Person, Role, User, not_ended_by
from ..sessions import sessions_end
from .extract import messages_to
from .registry import Traces, erasers, extract_sources, history_of

ANONYMOUS = "Anonymiserad"


def retention_cutoff(*, today: datetime.date) -> datetime.date:
    """The first day whose end is still kept today: something that ended on day ``d`` is due
    once ``d + PERSON_RETENTION_MONTHS`` (calendar months, as dateutil counts them: 31 January
    + 1 month is the last of February) lies before today. Counting back from today alone
    would keep people up to three days too long at the end of a month."""
    months = relativedelta(months=settings.PERSON_RETENTION_MONTHS)
    cutoff = today - months
    while cutoff + months < today:
        cutoff += datetime.timedelta(days=1)
    return cutoff


def people_due_for_anonymisation(*, today: datetime.date) -> QuerySet[Person]:
    """People past the retention limit, not anonymised yet, whose login gives no staff rights.

    A person is kept while a role or area assignment of theirs ends on the cutoff or later (or
    has no end, or lies in the future); one who never had either, while their last change is
    that recent."""
    cutoff = retention_cutoff(today=today)
    roles = Role.objects.filter(person=OuterRef("pk"))
    areas = AreaContact.objects.filter(person=OuterRef("pk"))
    cutoff_moment = datetime.datetime.combine(
        cutoff, datetime.time(), timezone.get_current_timezone()
    )
    history = Person.history.model.objects.values("id").annotate(last=Max("history_date"))
    recently_changed = history.filter(last__gte=cutoff_moment).values("id")
    return (
        Person.objects.filter(anonymised_at__isnull=True)
        .exclude(Exists(roles.filter(not_ended_by(cutoff))))
        .exclude(Exists(areas.filter(not_ended_by(cutoff))))
        .exclude(~Exists(roles) & ~Exists(areas) & Q(pk__in=recently_changed))
        .exclude(Q(user__is_staff=True) | Q(user__is_superuser=True))
        .order_by("last_name", "first_name")
    )


def _traces(person: Person) -> Traces:
    versions = history_of(Person).objects.filter(id=person.pk)
    names = {f"{person.first_name} {person.last_name}"}
    names |= {f"{first} {last}" for first, last in versions.values_list("first_name", "last_name")}
    addresses = {person.email} | set(versions.values_list("email", flat=True))
    for old, new in LoginAddressChange.objects.filter(person=person).values_list(
        "old_email", "new_email"
    ):
        addresses |= {old, new}
    if person.user_id:
        addresses |= {person.user.email}
        addresses |= set(
            EmailAddress.objects.filter(user_id=person.user_id).values_list("email", flat=True)
        )
    phones = {person.phone} | set(versions.values_list("phone", flat=True))
    return Traces(
        person_id=person.pk,
        user_id=person.user_id,
        names=tuple(sorted(name for name in names if name.strip())),
        addresses=tuple(sorted({a.lower() for a in addresses if a})),
        phones=tuple(sorted(phone for phone in phones if phone)),
    )


def _admin_log_clear(person: Person, traces: Traces) -> None:
    """The admin's "recent actions" name the objects staff changed: the person's own records
    (their roles, their address changes…) and anything shown by the person's address."""
    logged = Q(pk__in=[])
    for source in extract_sources():
        content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
        ids = [str(pk) for pk in source.rows(person).values_list("pk", flat=True)]
        logged |= Q(content_type=content_type, object_id__in=ids)
    for address in traces.addresses:
        logged |= Q(object_repr__icontains=address)
    LogEntry.objects.filter(logged).update(object_repr=ANONYMOUS)


def _outbox_clear(person: Person, traces: Traces) -> None:
    """Messages to the person lose their recipient and text; messages to others that named
    the person (their name, address or phone in the subject, text or headers) lose the text."""
    to_them = Q(pk__in=messages_to(person).values("pk"))
    for address in traces.addresses:
        to_them |= Q(to__iexact=address)
    OutboxMessage.objects.filter(to_them).update(
        to="", subject="", body_text="", body_html="", headers={}
    )
    naming = Q(pk__in=[])
    for text in traces.texts:
        naming |= (
            Q(subject__icontains=text)
            | Q(body_text__icontains=text)
            | Q(body_html__icontains=text)
            | Q(headers__icontains=text)
        )
    OutboxMessage.objects.filter(naming).update(subject="", body_text="", body_html="", headers={})


def _login_remove(user_id: int) -> None:
    sessions_end(user_id=user_id)
    EmailAddress.objects.filter(user_id=user_id).delete()
    User.objects.filter(pk=user_id).delete()


def _person_strip(person: Person) -> None:
    traces = _traces(person)
    _admin_log_clear(person, traces)
    _outbox_clear(person, traces)
    history_of(Person).objects.filter(id=person.pk).delete()
    person.first_name, person.last_name = ANONYMOUS, f"#{person.pk}"
    person.email, person.phone, person.user = "", "", None
    person.receives_letters = False
    person.anonymised_at = timezone.now()
    person.skip_history_when_saving = True
    person.save()
    del person.skip_history_when_saving
    if traces.user_id:
        _login_remove(traces.user_id)
    LoginAddressChange.objects.filter(person=person).update(old_email="", new_email="")
    for eraser in erasers():
        eraser(traces)


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
