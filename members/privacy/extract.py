"""The register extract (registerutdrag): everything the portal holds about one person.

Each ``Source`` is one kind of record that names the person (or their login or address). The
register's own are below; meetings/ and budget/ register theirs in their ``AppConfig.ready()``
(``registry.py``). ``tests/members/test_privacy.py`` fails when a model that refers to a
person, a login or an e-mail address is neither a source nor explained as not personal.
"""

import datetime
import json
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nns_portal.models import OutboxMessage

from ..models import AreaContact, LoginAddressChange, Person, Role, User
from .registry import Source, extract_sources, history_of, register_not_personal, register_sources


def messages_to(person: Person) -> QuerySet[OutboxMessage]:
    """The messages sent to the person: to their address, or keyed to them (an earlier address)."""
    to_them = Q(key__regex=rf"(^|:)person:{person.pk}$")
    if person.email:
        to_them |= Q(to__iexact=person.email)
    return OutboxMessage.objects.filter(to_them)


register_sources(
    Source(
        _("The person"),
        Person,
        lambda p: Person.objects.filter(pk=p.pk),
        ("first_name", "last_name", "email", "phone", "preferred_language", "receives_letters"),
    ),
    Source(
        _("Earlier versions of the person"),
        history_of(Person),
        lambda p: history_of(Person).objects.filter(id=p.pk).order_by("history_date"),
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
        history_of(Role),
        lambda p: history_of(Role).objects.filter(person_id=p.pk).order_by("history_date"),
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
        history_of(AreaContact),
        lambda p: history_of(AreaContact).objects.filter(person_id=p.pk),
        ("history_date", "history_type", "area", "starts_on", "ends_on"),
    ),
    Source(
        _("Messages sent to the person"),
        OutboxMessage,
        messages_to,
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
        _("Second factors of the login"),  # the kind and when, never the secret
        Authenticator,
        lambda p: Authenticator.objects.filter(user_id=p.user_id),
        ("type", "created_at", "last_used_at"),
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
)

register_not_personal(
    {
        "account.emailconfirmation": "not used: addresses come from the register, verified",
        "sessions.session": "a login's session: ended with the login; it holds no data about it",
        "admin.logentry": "staff's own actions in the admin (what names the person in them is "
        "cleared when the person is anonymised)",
        "members.association": "the association's own contact addresses",
        "members.historicalassociation": "the association's own contact addresses",
        "members.noticerefusal": "a hash of an address outside the register",
    }
)


def _value(value: object) -> object:
    if value is None or isinstance(value, bool | int | str | datetime.date):
        return value  # a time stays a time: the page and the file each write it their way
    return str(value)  # a Decimal exactly, a related record by its name


def _json(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


# django-simple-history's own columns, named as a reader of the extract would name them.
HISTORY_COLUMNS = {
    "history_date": _("when changed"),
    "history_type": _("change"),
    "history_user": _("changed by"),
    "history_change_reason": _("reason"),
}
HISTORY_TYPES = {"+": _("added"), "~": _("changed"), "-": _("removed")}


def _readable(value: object) -> str:
    """A value as the page shows it: times in Stockholm to the minute, yes and no."""
    if value is None or value == "":
        return "–"
    if value is True or value is False:
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Section:
    title: str
    model: str
    columns: list[tuple[str, str]]  # field name, label
    rows: list[dict[str, object]]

    @property
    def cells(self) -> list[list[str]]:
        """The rows as the page shows them (the JSON file keeps the values themselves)."""
        return [[_readable(row[name]) for name, _label in self.columns] for row in self.rows]


def register_extract(*, person: Person) -> list[Section]:
    """Every record the portal holds about ``person``, one section per kind."""
    sections = []
    for source in extract_sources():
        meta = source.model._meta
        columns = [
            (name, str(HISTORY_COLUMNS.get(name) or meta.get_field(name).verbose_name))
            for name in source.fields
        ]
        related = [name for name in source.fields if meta.get_field(name).many_to_one]
        rows = []
        records = source.rows(person)
        for record in records.select_related(*related) if related else records:
            row = {}
            for name in source.fields:
                field = meta.get_field(name)
                value = getattr(record, name)
                if name == "history_type":
                    value = str(HISTORY_TYPES.get(value, value))
                elif field.choices and not field.is_relation:
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
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json)
