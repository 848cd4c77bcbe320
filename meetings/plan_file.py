"""The meeting plan as a file (CSV or XLSX), imported like the register: all rows or none.

One row per meeting, the columns as in ``PLAN_COLUMNS``. ``datum`` is the (first) day,
``till`` the last day of a meeting over several days, ``start`` and ``slut`` local times
(``8.30`` or ``08:30``); a meeting without a start time lasts all day. ``typ`` is the
meeting type in Swedish (``Styrelsemöte``) or its code (``styrelsemote``). A row matches an
existing meeting with the same type, title and day, which it then updates.
"""

import datetime
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.imports import AREA_NAMES, areas_by_code
from members.models import Area
from nns_portal.tabular.imports import ImportKind, parse_date, required_value

from .models import Meeting, MeetingType
from .services import invitations_due_now, meeting_save, meeting_times

PLAN_FILE = Path(__file__).resolve().parent / "data" / "motesplan.csv"

PLAN_COLUMNS = ["datum", "typ", "titel", "start", "slut", "till", "område", "plats", "anteckning"]

Code = MeetingType.Code
TYPE_NAMES = {
    "styrelsemöte": Code.BOARD,
    "månadsmöte": Code.MONTHLY,
    "månadsträff": Code.MONTHLY,
    "ordförandeträff": Code.CHAIRS,
    "revisionsmöte": Code.AUDIT,
    "årsmöte": Code.ANNUAL,
    "konstituerande styrelsemöte": Code.CONSTITUTIVE,
    "medlemsmöte": Code.MEMBERS,
    "planeringsdag": Code.PLANNING,
    "områdesträff": Code.AREA,
    **{code.value: code for code in Code},
}
TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$")


def _time(value: str) -> datetime.time | None:
    if not value:
        return None
    match = TIME.match(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(
            _("%(value)s is not a time written 13.00 or 13:00."), params={"value": value}
        )
    return datetime.time(int(match[1]), int(match[2]))


def _type(value: str, types: dict[str, MeetingType]) -> MeetingType:
    code = TYPE_NAMES.get(value.strip().lower())
    if code is None or code not in types:
        raise ValidationError(
            _("Unknown meeting type %(value)s: write e.g. Styrelsemöte or Månadsmöte."),
            params={"value": value},
        )
    return types[code]


def _context(rows: list[dict[str, str]]) -> tuple[dict[str, Area], dict[str, MeetingType]]:
    return areas_by_code(), {t.code: t for t in MeetingType.objects.all()}


def _plan_row(
    row: dict[str, str], context: tuple[dict[str, Area], dict[str, MeetingType]]
) -> tuple[str, Meeting]:
    areas, types = context
    first_day = parse_date(required_value(row, "datum"))
    meeting_type = _type(required_value(row, "typ"), types)
    title = row.get("titel") or str(meeting_type)
    starts_at, ends_at, all_day = meeting_times(
        first_day=first_day,
        last_day=parse_date(row.get("till", "")),
        start=_time(row.get("start", "")),
        end=_time(row.get("slut", "")),
    )
    area = None
    if row.get("område"):
        code = AREA_NAMES.get(row["område"].lower())
        if code is None:
            raise ValidationError(
                _("Unknown area %(value)s: write syd, nord, öst or väst."),
                params={"value": row["område"]},
            )
        area = areas[code]
    tz = timezone.get_default_timezone()
    day_start = datetime.datetime.combine(first_day, datetime.time(), tz)
    meeting = Meeting.objects.filter(
        type=meeting_type,
        title=title,
        starts_at__gte=day_start,
        starts_at__lt=day_start + datetime.timedelta(days=1),
    ).first() or Meeting(type=meeting_type, title=title)
    meeting.starts_at, meeting.ends_at, meeting.all_day = starts_at, ends_at, all_day
    meeting.area = area
    meeting.place = row.get("plats", "")
    meeting.agenda = row.get("anteckning", "")
    meeting.full_clean()
    return f"{first_day} {title}", meeting


def _save(meeting: Meeting) -> None:
    # An import never e-mails anyone: staff tell the invitees from the meeting's page, and a
    # new meeting nearer than its type's lead time is invited by hand, not at beat's next run.
    if meeting.pk is None and invitations_due_now(meeting=meeting, now=timezone.now()):
        meeting.invitations_by_hand = True
    meeting_save(meeting=meeting, notify=False)


def _time_text(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def plan_export_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for meeting in Meeting.objects.select_related("type", "area").order_by("starts_at", "pk"):
        multi_day = meeting.last_day != meeting.first_day
        rows.append(
            {
                "datum": meeting.first_day,
                "typ": meeting.type.code,
                "titel": meeting.title,
                "start": "" if meeting.all_day else _time_text(meeting.starts_at),
                "slut": "" if meeting.all_day else _time_text(meeting.ends_at),
                "till": meeting.last_day if multi_day else "",
                "område": meeting.area.code if meeting.area else "",
                "plats": meeting.place,
                "anteckning": meeting.agenda,
            }
        )
    return rows


PLAN_KIND = ImportKind(
    name="meeting-plan",
    title=gettext_lazy("meeting plan"),
    columns=PLAN_COLUMNS,
    parse_row=_plan_row,
    save=_save,
    export_rows=plan_export_rows,
    context=_context,
)
