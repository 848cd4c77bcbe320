"""Reading and writing CSV and XLSX files, with the columns always named by the header.

Every text cell is written so that no spreadsheet runs it (OWASP: CSV injection): in CSV a
value that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a
leading apostrophe, which reading strips again; in XLSX every text is a typed string cell,
never a formula. Characters a workbook cannot hold are written as U+FFFD.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_DELIMITERS = ";,\t"
# What makes Excel or LibreOffice read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def read_rows(*, content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by the lower-cased header of the first row.

    A file over ``IMPORT_MAX_BYTES`` or with more than ``IMPORT_MAX_ROWS`` rows is refused at
    once, as is a CSV file in an encoding other than UTF-8 or Windows-1252."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB can be imported at a time. Split it.")
            % {
                "size": f"{len(content) / 1e6:.1f}".replace(".", ","),
                "max": f"{settings.IMPORT_MAX_BYTES / 1e6:g}".replace(".", ","),
            }
        )
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(content)
    elif filename.lower().endswith(".csv"):
        table = _read_csv(content)
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise ValidationError(_("The file is empty."))
    if len(table) - 1 > settings.IMPORT_MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": settings.IMPORT_MAX_ROWS}
        )
    header = [str(cell or "").strip().lower() for cell in table[0]]
    return [
        {name: _text(value) for name, value in zip(header, row, strict=False) if name}
        for row in table[1:]
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # written so by the portal (or by hand) to keep it from being a formula
    return text.strip()


# Characters that Windows-1252 makes of the bytes of å, ä and ö in Mac Roman or code page 437,
# and that a Swedish register never holds.
MISREAD = frozenset("ŒŠšœŸŽžƒˆ‰†‡")


def _decoded(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")  # what Excel on Swedish Windows saves as "CSV"
    except UnicodeDecodeError:
        text = ""
    if not text or MISREAD & set(text):
        raise ValidationError(
            _(
                "The file is not saved as UTF-8 or Windows-1252, so å, ä and ö would come out "
                "wrong. Save it again as “CSV UTF-8” (Excel) or as an Excel workbook (.xlsx)."
            )
        )
    return text


def _read_csv(content: bytes) -> list[list[str]]:
    text = _decoded(content)
    try:
        # Only the delimiter is guessed, from the header; quoting is Excel's ("" inside "").
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], CSV_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    rows = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    return [row for row in rows if any(cell.strip() for cell in row)]


def _read_xlsx(content: bytes) -> list[Sequence[object]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as error:
        raise ValidationError(_("The file could not be read as an Excel workbook.")) from error
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if any(cell not in (None, "") for cell in row):
            rows.append(row)
            if len(rows) > settings.IMPORT_MAX_ROWS + 1:
                break  # enough to refuse it; a small workbook can unpack to a huge sheet
    return rows


def _cell(value: object) -> object:
    """A value as a cell; an amount keeps its exact digits (a Decimal is never a float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return "" if value is None else value


def _ordered(header: Sequence[str], row: Mapping[str, object]) -> list[object]:
    """The row's values in the header's order, each under its own name."""
    unknown = set(row) - set(header)
    if unknown:
        raise ValueError(f"Values for columns the file does not have: {sorted(unknown)}")
    return [_cell(row.get(name)) for name in header]


def _csv_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def write_csv(*, header: Sequence[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    """Semicolon-separated UTF-8 with a BOM: what Excel with Swedish settings opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([_csv_text(v) for v in _ordered(header, row)] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: object, value: object) -> WriteOnlyCell:
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    cell.data_type = "s"  # a string, even where it starts with "="
    return cell


def write_xlsx(*, header: Sequence[str], rows: Iterable[Mapping[str, object]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in _ordered(header, row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
