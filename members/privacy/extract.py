"""The register extract (registerutdrag): everything the portal holds about one person.

Each ``Source`` below is one kind of record that names the person (or their login or address).
``tests/members/test_privacy.py`` fails when a model that refers to a person, a login or an
e-mail address is neither a source here nor in ``NOT_PERSONAL`` with the reason.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget.models import InvoiceRun, Payment, PaymentFile
from meetings.models import (
    AreaMeetingRequest,
    CalendarFeed,
    Invitation,
    Letter,
    MeetingDelegate,
    MeetingMessage,
    Motion,
    RollCallEntry,
)
from nns_portal.models import OutboxMessage

from ..models import AreaContact, LoginAddressChange, Person, Role, User


@dataclass(frozen=True)
class Source:
    title: str  # lazily translated
    model: type[models.Model]
    rows: Callable[[Person], QuerySet]
    fields: tuple[str, ...]


def _by_login(field: str) -> Callable[[Person], Q]:
    return lambda person: Q(**{field: person.user_id}) if person.user_id else Q(pk__in=[])


def _history(model: type[models.Model]) -> type[models.Model]:
    return model.history.model


SOURCES: tuple[Source, ...] = (
    Source(
        _("The person"),
        Person,
        lambda p: Person.objects.filter(pk=p.pk),
        ("first_name", "last_name", "email", "phone", "preferred_language", "receives_letters"),
    ),
    Source(
        _("Earlier versions of the person"),
        _history(Person),
        lambda p: _history(Person).objects.filter(id=p.pk).order_by("history_date"),
        (
            "history_date",
            "history_type",
            "history_user",
            "history_change_reason",
            "first_name",
            "last_name",
            "email",
            "phone",
            "preferred_language",
            "receives_letters",
        ),
    ),
    Source(
        _("Roles"),
        Role,
        lambda p: Role.objects.filter(person=p).select_related("association"),
        ("kind", "association", "starts_on", "ends_on"),
    ),
    Source(
        _("Earlier versions of the roles"),
        _history(Role),
        lambda p: _history(Role).objects.filter(person_id=p.pk).order_by("history_date"),
        (
            "history_date",
            "history_type",
            "history_user",
            "kind",
            "association",
            "starts_on",
            "ends_on",
        ),
    ),
    Source(
        _("Contact person of an area"),
        AreaContact,
        lambda p: AreaContact.objects.filter(person=p),
        ("area", "starts_on", "ends_on"),
    ),
    Source(
        _("Earlier versions of area assignments"),
        _history(AreaContact),
        lambda p: _history(AreaContact).objects.filter(person_id=p.pk),
        ("history_date", "history_type", "area", "starts_on", "ends_on"),
    ),
    Source(
        _("Invitations and answers"),
        Invitation,
        lambda p: Invitation.objects.filter(person=p).select_related("meeting", "substitute"),
        ("meeting", "association", "capacity", "answer", "substitute", "answered_at", "created_at"),
    ),
    Source(
        _("Named to come instead of someone"),
        Invitation,
        lambda p: Invitation.objects.filter(substitute=p).select_related("meeting", "person"),
        ("meeting", "person", "answered_at"),
    ),
    Source(
        _("Delegate"),
        MeetingDelegate,
        lambda p: MeetingDelegate.objects.filter(person=p).select_related("meeting"),
        ("meeting", "association", "named_at"),
    ),
    Source(
        _("Earlier versions of delegate records"),
        _history(MeetingDelegate),
        lambda p: _history(MeetingDelegate).objects.filter(person_id=p.pk),
        ("history_date", "history_type", "meeting", "association"),
    ),
    Source(
        _("Motions submitted"),
        Motion,
        lambda p: Motion.objects.filter(submitted_by=p).select_related("meeting"),
        ("meeting", "association", "number", "title", "submitted_at"),
    ),
    Source(
        _("Earlier versions of motions"),
        _history(Motion),
        lambda p: _history(Motion).objects.filter(submitted_by_id=p.pk),
        ("history_date", "history_type", "meeting", "title", "text"),
    ),
    Source(
        _("Roll call"),
        RollCallEntry,
        lambda p: RollCallEntry.objects.filter(person=p).select_related("meeting"),
        ("meeting", "association", "attendance", "present", "checked_in_at", "left_at"),
    ),
    Source(
        _("Earlier versions of the roll call"),
        _history(RollCallEntry),
        lambda p: _history(RollCallEntry).objects.filter(person_id=p.pk),
        ("history_date", "history_type", "meeting", "association", "present"),
    ),
    Source(
        _("Requests for area meetings"),
        AreaMeetingRequest,
        lambda p: AreaMeetingRequest.objects.filter(requested_by=p),
        ("association", "area", "message", "created_at"),
    ),
    Source(
        _("Private calendar"),
        CalendarFeed,
        lambda p: CalendarFeed.objects.filter(person=p),
        ("created_at",),
    ),
    Source(
        _("Letters signed"),
        Letter,
        lambda p: Letter.objects.filter(signed_by=p),
        ("title", "sent_at"),
    ),
    Source(
        _("Earlier versions of letters signed"),
        _history(Letter),
        lambda p: _history(Letter).objects.filter(signed_by_id=p.pk),
        ("history_date", "history_type", "title"),
    ),
    Source(
        _("Messages sent to the person"),
        OutboxMessage,
        lambda p: (
            OutboxMessage.objects.filter(to__iexact=p.email)
            if p.email
            else (OutboxMessage.objects.none())
        ),
        ("to", "subject", "status", "created_at", "sent_at", "body_text"),
    ),
    Source(
        _("Login"),
        User,
        lambda p: User.objects.filter(pk=p.user_id),
        ("email", "first_name", "last_name", "is_active", "date_joined", "last_login"),
    ),
    Source(
        _("Login addresses"),
        EmailAddress,
        lambda p: EmailAddress.objects.filter(user_id=p.user_id),
        ("email", "verified", "primary"),
    ),
    Source(
        _("Changes of login address"),
        LoginAddressChange,
        lambda p: LoginAddressChange.objects.filter(person=p),
        (
            "old_email",
            "new_email",
            "requested_by",
            "association",
            "status",
            "requested_at",
            "confirmed_at",
        ),
    ),
    Source(
        _("Messages written to those invited to a meeting"),
        MeetingMessage,
        lambda p: MeetingMessage.objects.filter(_by_login("sent_by")(p)),
        ("meeting", "subject", "created_at"),
    ),
    Source(
        _("Invoice runs started"),
        InvoiceRun,
        lambda p: InvoiceRun.objects.filter(_by_login("started_by")(p)),
        ("fee_year", "issued_on", "started_at"),
    ),
    Source(
        _("Payments registered"),
        Payment,
        lambda p: Payment.objects.filter(_by_login("registered_by")(p)).select_related("invoice"),
        ("invoice", "paid_on", "amount", "registered_at"),
    ),
    Source(
        _("Payment files uploaded"),
        PaymentFile,
        lambda p: PaymentFile.objects.filter(_by_login("uploaded_by")(p)),
        ("name", "uploaded_at", "registered_at"),
    ),
    Source(
        _("Earlier versions of payments registered"),
        _history(Payment),
        lambda p: _history(Payment).objects.filter(_by_login("registered_by")(p)),
        ("history_date", "history_type", "invoice", "paid_on", "amount"),
    ),
)

# Models that refer to people, logins or addresses but hold nothing about a person, and why.
NOT_PERSONAL: dict[str, str] = {
    "account.emailconfirmation": "not used: addresses come from the register, verified",
    "sessions.session": "a login's session: ended with the login; it holds no data about it",
    "admin.logentry": "staff's own actions in the admin",
    "budget.invoice": "names the association, not a person; issued_by is the staff member's "
    "address and seller_reference NNS's contact (Vår referens), kept with the invoice as "
    "bookkeeping law requires",
    "members.association": "the association's own contact addresses",
    "members.historicalassociation": "the association's own contact addresses",
    "budget.feeschedule": "NNS's own invoicing address",
    "budget.historicalfeeschedule": "NNS's own invoicing address",
    "members.noticerefusal": "a hash of an address outside the register",
    "meetings.meetingdocument": "a meeting's document; added_by is the staff member's login",
    "meetings.historicalmeetingdocument": "a meeting's document; added_by is the staff "
    "member's login",
}


def _value(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)  # a Decimal exactly, a related record by its name


@dataclass(frozen=True)
class Section:
    title: str
    model: str
    columns: list[tuple[str, str]]  # field name, label
    rows: list[dict[str, object]]


def register_extract(*, person: Person) -> list[Section]:
    """Every record the portal holds about ``person``, one section per kind."""
    sections = []
    for source in SOURCES:
        meta = source.model._meta
        columns = [(name, str(meta.get_field(name).verbose_name)) for name in source.fields]
        related = [name for name in source.fields if meta.get_field(name).many_to_one]
        rows = []
        records = source.rows(person)
        for record in records.select_related(*related) if related else records:
            row = {}
            for name in source.fields:
                field = meta.get_field(name)
                value = getattr(record, name)
                if field.choices and not field.is_relation:
                    value = getattr(record, f"get_{name}_display")()
                row[name] = _value(value)
            rows.append(row)
        sections.append(
            Section(title=str(source.title), model=meta.label_lower, columns=columns, rows=rows)
        )
    return sections


def register_extract_json(*, person: Person) -> str:
    """The extract as JSON: one key per kind of record, each a list of records."""
    sections = register_extract(person=person)
    document = {
        "made_at": timezone.localtime().isoformat(timespec="seconds"),
        "person_id": person.pk,
        "records": {
            f"{section.model}:{index}": {"title": section.title, "rows": section.rows}
            for index, section in enumerate(sections)
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
