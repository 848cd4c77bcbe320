"""Reading and writing CSV and XLSX files, with the columns always named by the header."""

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

CSV_DELIMITERS = ";,\t"


def read_rows(*, content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by the lower-cased header of the first row."""
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(content)
    elif filename.lower().endswith(".csv"):
        table = _read_csv(content)
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise ValidationError(_("The file is empty."))
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
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")  # what Excel on Swedish Windows saves as "CSV"
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    return [
        row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)
    ]


def _read_xlsx(content: bytes) -> list[Sequence[object]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as error:
        raise ValidationError(_("The file could not be read as an Excel workbook.")) from error
    return [
        row
        for row in sheet.iter_rows(values_only=True)
        if any(cell not in (None, "") for cell in row)
    ]


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


def write_csv(*, header: Sequence[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    """Semicolon-separated UTF-8 with a BOM: what Excel with Swedish settings opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(_ordered(header, row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(*, header: Sequence[str], rows: Iterable[Mapping[str, object]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(_ordered(header, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
