"""The import engine: a file is validated as a whole and applied as a whole.

A file is checked row by row first (the preview, or dry run). If any row is invalid nothing
is written, and every bad row is reported with its line number (the header is line 1) and the
reason. Otherwise every row that changes something is written in one transaction; a row equal
to what is stored is left alone, so exporting a file and importing it again changes nothing.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .files import read_rows


class ImportRejected(Exception):
    def __init__(self, errors: list["RowError"]) -> None:
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class Preview:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # line, action, and what the row is, by name (its object's str)
    rows: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_date(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a date written YYYY-MM-DD."), params={"value": value}
        ) from None


def required_value(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise ValidationError(_("The column %(column)s is empty."), params={"column": column})
    return value


def errors_text(error: ValidationError, columns: dict[str, str] | None = None) -> str:
    """The messages, each named by the file's column (``columns``: field → column) rather than
    by the model's field."""
    columns = columns or {}
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{columns.get(name, name)}: {' '.join(messages)}"
            if name != "__all__"
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# Control characters a person cannot have typed (tab, line feed and carriage return can be).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_control_characters(row: dict[str, str]) -> None:
    for column, value in row.items():
        if CONTROL.search(value):
            raise ValidationError(
                _("The column %(column)s holds a control character, which cannot be imported.")
                % {"column": column}
            )


def model_unchanged(obj: models.Model) -> bool:
    """Whether a parsed row's object equals what is stored (a new one never does)."""
    if obj.pk is None:
        return False
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return stored is not None and all(
        getattr(stored, f.attname) == getattr(obj, f.attname) for f in obj._meta.concrete_fields
    )


@dataclass(frozen=True)
class ImportKind:
    """One kind of file: its columns, how a row becomes an object, how that is saved, and the
    rows of its export, each a dict keyed by column name."""

    name: str
    title: str  # lazily translated
    columns: list[str]
    parse_row: Callable[[dict[str, str], object], tuple[str, object]]
    save: Callable[[object], None]
    export_rows: Callable[[], list[dict[str, object]]]
    # What every row's parsing needs, looked up once per file from all its rows (the areas
    # by code, say, or the people the file names).
    context: Callable[[list[dict[str, str]]], object] = lambda rows: None
    unchanged: Callable[[object], bool] = model_unchanged
    # Saves all changed rows at once, (line, object) each, where one by one would be slow.
    save_all: Callable[[list[tuple[int, object]]], None] | None = None
    # The columns a file must have; the first two of ``columns`` unless said.
    required_columns: tuple[str, ...] = ()
    # The file's column of each model field, so that an error names what the user wrote.
    field_columns: dict[str, str] = field(default_factory=dict)


def _check(
    kind: ImportKind, content: bytes, filename: str
) -> tuple[Preview, list[tuple[int, object]]]:
    preview = Preview()
    try:
        rows = read_rows(content=content, filename=filename)
    except ValidationError as error:
        preview.errors.append(RowError(line=1, message=errors_text(error)))
        return preview, []
    if rows:
        required = kind.required_columns or tuple(kind.columns[:2])
        missing = [c for c in required if c not in rows[0]]
        if missing:
            preview.errors.append(
                RowError(line=1, message=_("Missing columns: %s") % ", ".join(missing))
            )
            return preview, []
    context = kind.context(rows)
    seen: dict[str, int] = {}
    changes: list[tuple[int, object]] = []
    for line, row in enumerate(rows, start=2):
        try:
            _refuse_control_characters(row)
            key, obj = kind.parse_row(row, context)
        except ValidationError as error:
            preview.errors.append(
                RowError(line=line, message=errors_text(error, kind.field_columns))
            )
            continue
        if key in seen:
            preview.errors.append(
                RowError(line=line, message=_("Duplicate of line %(line)s.") % {"line": seen[key]})
            )
            continue
        seen[key] = line
        if kind.unchanged(obj):
            preview.unchanged += 1
            preview.rows.append((line, _("unchanged"), str(obj)))
            continue
        changes.append((line, obj))
        if obj.pk:
            preview.updated += 1
            preview.rows.append((line, _("update"), str(obj)))
        else:
            preview.created += 1
            preview.rows.append((line, _("new"), str(obj)))
    return preview, changes


def import_preview(*, kind: ImportKind, content: bytes, filename: str) -> Preview:
    """Check a file without writing anything: what would be created, updated, or refused."""
    preview, _changes = _check(kind, content, filename)
    return preview


@transaction.atomic
def import_apply(*, kind: ImportKind, content: bytes, filename: str) -> Preview:
    """Write every changed row of a valid file, or nothing at all (raises ImportRejected)."""
    preview, changes = _check(kind, content, filename)
    if preview.errors:
        raise ImportRejected(preview.errors)
    if kind.save_all is not None:
        try:
            with transaction.atomic():
                kind.save_all(changes)
        except IntegrityError as error:
            message = _("Conflicts with what is already in the register.")
            raise ImportRejected([RowError(line=changes[0][0], message=message)]) from error
        return preview
    for line, obj in changes:
        try:
            with transaction.atomic():
                kind.save(obj)
        except ValidationError as error:
            raise ImportRejected(
                [RowError(line=line, message=errors_text(error, kind.field_columns))]
            ) from error
        except IntegrityError as error:
            message = _("Conflicts with what is already in the register.")
            raise ImportRejected([RowError(line=line, message=message)]) from error
    return preview
