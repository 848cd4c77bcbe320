"""SIE 4 as the bookkeeping system writes it (Fortnox, Visma and every Swedish system), read
for NNS's budget outcome, against SIE-Gruppen's format description (utgåva 4B).

A file is lines of records: a label (``#KONTO``) and its fields, separated by spaces or tabs. A
field is a word, a text in quotation marks (the only escape is ``\\"``), or an object list in
braces (``{}``, ``{1 "100"}``). A voucher (``#VER``) holds its transactions (``#TRANS``) between
lines of ``{`` and ``}``. Labels the portal does not use are skipped, as the format asks. The
file is PC8 (code page 437); a file that is UTF-8 or Windows-1252 would turn å, ä and ö into
other letters, and is refused.

What is read: the fiscal years (``#RAR``), the accounts (``#KONTO``), each account's result of
the year (``#RES``), its monthly results (``#PSALDO`` without object, the cost-centre rows left
out), and the vouchers, checked to balance, summed by account and month. ``#KSUMMA``, when
present, is checked: a CRC-32 of every record's label and fields after the opening
``#KSUMMA``. No maintained Python reader of SIE exists (there are in Java, .NET, PHP and Rust).
The whole file is read before anything is used; whatever is wrong is said per line, in Swedish.
"""

import datetime
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A field: a quoted text (with \" inside), an object list in braces, or a word.
FIELD = re.compile(r'"((?:[^"\\]|\\.)*)"|\{([^}]*)\}|(\S+)')
AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
# What a person cannot have put in a text field (tab is a separator).
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
ACCOUNT = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class Record:
    line: int
    label: str
    fields: tuple[str, ...]
    objects: tuple[str | None, ...]  # each field's object list, when it was one


@dataclass
class SieFile:
    """What a SIE file says about its fiscal year 0 (the current one)."""

    sie_type: str = ""
    program: str = ""
    generated_on: datetime.date | None = None
    company: str = ""
    org_number: str = ""
    years: dict[int, tuple[datetime.date, datetime.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    # Account → amount, as in the file (income negative); by year index.
    results: dict[int, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    # (account, month) → amount, from #PSALDO without objects; by year index.
    periods: dict[int, dict[tuple[str, int], Decimal]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # (account, month) → amount, the vouchers of year 0 summed.
    voucher_months: dict[tuple[str, int], Decimal] = field(
        default_factory=lambda: defaultdict(Decimal)
    )
    vouchers: int = 0
    transactions: int = 0

    @property
    def fiscal_year(self) -> tuple[datetime.date, datetime.date]:
        return self.years[0]


def decode(content: bytes) -> str:
    """PC8, as the format says. A file that reads as UTF-8 with letters beyond ASCII was saved
    by an editor in another encoding: refused rather than read as the wrong letters."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp437")
    if not text.isascii():
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.isascii():
                raise ValidationError(
                    _(
                        "Line %(line)s: the file is UTF-8, not PC8 (code page 437) as SIE "
                        "files are; export it again from the bookkeeping system."
                    )
                    % {"line": number}
                )
    return text


def _unquote(text: str) -> str:
    return text.replace('\\"', '"')


def tokenize(line: str) -> tuple[list[str], list[str | None]]:
    """A record's fields (quoted texts unescaped) and, per field, its object list if it was
    one (the text between the braces)."""
    fields: list[str] = []
    objects: list[str | None] = []
    for match in FIELD.finditer(line):
        quoted, braces, word = match.groups()
        if braces is not None:
            fields.append(braces.strip())
            objects.append(braces.strip())
        else:
            fields.append(_unquote(quoted) if quoted is not None else word)
            objects.append(None)
    return fields, objects


def checksum_text(record: Record) -> str:
    """What ``#KSUMMA`` sums of a record: its label and its fields' contents, without the
    spaces, quotation marks and braces around them."""
    return record.label + "".join(record.fields)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.sie = SieFile()
        self.line = 0

    def fail(self, message: str) -> None:
        self.errors.append(
            _("Line %(line)s: %(message)s") % {"line": self.line, "message": message}
        )

    def amount(self, text: str) -> Decimal:
        if not AMOUNT.fullmatch(text):
            self.fail(_("%(value)s is not an amount.") % {"value": text})
            return Decimal(0)
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover (the pattern allows only numbers)
            return Decimal(0)

    def date(self, text: str) -> datetime.date | None:
        try:
            return datetime.datetime.strptime(text, "%Y%m%d").date()
        except ValueError:
            self.fail(_("%(value)s is not a date (YYYYMMDD).") % {"value": text})
            return None

    def year_index(self, text: str) -> int | None:
        if not re.fullmatch(r"-?[0-9]{1,2}", text):
            self.fail(_("%(value)s is not a year number (0, -1 …).") % {"value": text})
            return None
        return int(text)

    def account(self, text: str, *, declared: bool = True) -> str | None:
        if not ACCOUNT.fullmatch(text):
            self.fail(_("%(value)s is not an account number.") % {"value": text})
            return None
        if declared and text not in self.sie.accounts:
            self.fail(_("the account %(account)s is not declared by #KONTO.") % {"account": text})
        return text

    def fields(self, record: Record, count: int) -> bool:
        if len(record.fields) < count:
            self.fail(
                _("%(label)s needs %(count)s fields, it has %(found)s.")
                % {"label": record.label, "count": count, "found": len(record.fields)}
            )
            return False
        return True


def records_of(text: str, reader: _Reader) -> list[Record]:
    """The file's records; a control character (but tab) in a line is an error of its line."""
    records = []
    for reader.line, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if CONTROL.search(line):
            reader.fail(_("the line holds a control character, which a SIE file cannot have."))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if stripped in ("{", "}"):
            records.append(Record(reader.line, stripped, (), ()))
            continue
        if not stripped.startswith("#"):
            reader.fail(_("a record must begin with a label such as #KONTO."))
            continue
        label, *rest = re.split(r"[ \t]+", stripped, maxsplit=1)
        fields, objects = tokenize(rest[0] if rest else "")
        records.append(Record(reader.line, label.upper(), tuple(fields), tuple(objects)))
    return records


def _flag(reader: _Reader, record: Record) -> None:
    """The first record of every SIE file (handled by ``parse_sie``)."""


def _format(reader: _Reader, record: Record) -> None:
    if record.fields and record.fields[0].upper() != "PC8":
        reader.fail(
            _("the file says it is %(format)s; SIE files are PC8.") % {"format": record.fields[0]}
        )


def _type(reader: _Reader, record: Record) -> None:
    if reader.fields(record, 1):
        reader.sie.sie_type = record.fields[0]


def _program(reader: _Reader, record: Record) -> None:
    reader.sie.program = " ".join(record.fields)[:200]


def _generated(reader: _Reader, record: Record) -> None:
    if reader.fields(record, 1):
        reader.sie.generated_on = reader.date(record.fields[0])


def _company(reader: _Reader, record: Record) -> None:
    reader.sie.company = record.fields[0] if record.fields else ""


def _org_number(reader: _Reader, record: Record) -> None:
    if reader.fields(record, 1):
        reader.sie.org_number = record.fields[0].replace("-", "")


def _fiscal_year(reader: _Reader, record: Record) -> None:
    if not reader.fields(record, 3):
        return
    index = reader.year_index(record.fields[0])
    start, end = reader.date(record.fields[1]), reader.date(record.fields[2])
    if index is not None and start and end:
        if end < start:
            reader.fail(_("the fiscal year ends before it starts."))
        reader.sie.years[index] = (start, end)


def _account(reader: _Reader, record: Record) -> None:
    if not reader.fields(record, 2):
        return
    number = reader.account(record.fields[0], declared=False)
    if number in reader.sie.accounts:
        reader.fail(_("the account %(account)s is declared twice.") % {"account": number})
    elif number:
        reader.sie.accounts[number] = record.fields[1]


def _result(reader: _Reader, record: Record) -> None:
    if not reader.fields(record, 3):
        return
    index, account = reader.year_index(record.fields[0]), reader.account(record.fields[1])
    amount = reader.amount(record.fields[2])
    if index is None or account is None:
        return
    if account in reader.sie.results[index]:
        reader.fail(_("#RES of account %(account)s comes twice.") % {"account": account})
    reader.sie.results[index][account] = amount


def _period(reader: _Reader, record: Record) -> None:
    """#PSALDO year period account {objects} amount: the account's result of a month."""
    if not reader.fields(record, 5):
        return
    if record.objects[3] is None:
        reader.fail(_("#PSALDO needs an object list ({} for the whole account)."))
        return
    if record.objects[3]:
        return  # a cost centre's or project's row: the whole account's is in the file too
    index, account = reader.year_index(record.fields[0]), reader.account(record.fields[2])
    period = record.fields[1]
    amount = reader.amount(record.fields[4])
    if not re.fullmatch(r"[0-9]{6}", period) or not 1 <= int(period[4:]) <= 12:
        reader.fail(_("%(value)s is not a period (YYYYMM).") % {"value": period})
        return
    if index is not None and account is not None:
        reader.sie.periods[index][(account, int(period[4:]))] = amount


RECORD_KINDS = {
    "#FLAGGA": _flag,
    "#FORMAT": _format,
    "#SIETYP": _type,
    "#PROGRAM": _program,
    "#GEN": _generated,
    "#FNAMN": _company,
    "#ORGNR": _org_number,
    "#RAR": _fiscal_year,
    "#KONTO": _account,
    "#RES": _result,
    "#PSALDO": _period,
}


def _voucher(reader: _Reader, records: list[Record], at: int) -> int:
    """A #VER and its block of transactions; returns where the next record is. The voucher
    must balance; its transactions count in the month of their date (or the voucher's)."""
    voucher = records[at]
    reader.line = voucher.line
    if not reader.fields(voucher, 3):
        return at + 1
    day = reader.date(voucher.fields[2])
    if at + 1 >= len(records) or records[at + 1].label != "{":
        reader.fail(_("the voucher's transactions must follow between { and }."))
        return at + 1
    total, index = Decimal(0), at + 2
    start, end = reader.sie.years.get(0, (None, None))
    while index < len(records) and records[index].label != "}":
        record = records[index]
        reader.line = record.line
        index += 1
        if record.label != "#TRANS":
            continue  # #RTRANS is followed by its own #TRANS; #BTRANS was taken away
        if not reader.fields(record, 3):
            continue
        account, amount = reader.account(record.fields[0]), reader.amount(record.fields[2])
        total += amount
        reader.sie.transactions += 1
        on = reader.date(record.fields[3]) if len(record.fields) > 3 and record.fields[3] else day
        if account and on and start and start <= on <= end:
            reader.sie.voucher_months[(account, on.month)] += amount
    reader.line = voucher.line
    if index >= len(records):
        reader.fail(_("the voucher is not closed by }: the file is cut short."))
    elif total != 0:
        reader.fail(
            _(
                "the voucher %(series)s %(number)s does not balance: its transactions add up "
                "to %(total)s."
            )
            % {"series": voucher.fields[0], "number": voucher.fields[1], "total": total}
        )
    reader.sie.vouchers += 1
    return index + 1


def _checksum(reader: _Reader, records: list[Record]) -> None:
    """#KSUMMA: an empty one opens the summed part of the file, the last one gives the CRC-32
    of every record's label and fields in between."""
    marks = [i for i, record in enumerate(records) if record.label == "#KSUMMA"]
    if not marks:
        return
    reader.line = records[marks[-1]].line
    if len(marks) < 2 or not records[marks[-1]].fields:
        reader.fail(_("#KSUMMA opens a checksum that no #KSUMMA closes: the file is cut short."))
        return
    summed = "".join(checksum_text(record) for record in records[marks[0] + 1 : marks[-1]])
    found = zlib.crc32(summed.encode("cp437", errors="replace"))
    if str(found) != records[marks[-1]].fields[0]:
        reader.fail(
            _("the checksum (#KSUMMA) does not match the file's content: it has been changed.")
        )


def _consistent(reader: _Reader) -> None:
    """The year's results, months and vouchers tell the same story: a file cut short or
    changed by hand would not."""
    sie = reader.sie
    months: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _month), amount in sie.periods[0].items():
        months[account] += amount
    vouchers: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _month), amount in sie.voucher_months.items():
        vouchers[account] += amount
    for account, result in sorted(sie.results[0].items()):
        if sie.periods[0] and months[account] != result:
            reader.fail(
                _(
                    "the months (#PSALDO) of account %(account)s add up to %(months)s, its "
                    "result (#RES) is %(result)s."
                )
                % {"account": account, "months": months[account], "result": result}
            )
        if sie.vouchers and vouchers[account] != result:
            reader.fail(
                _(
                    "the vouchers of account %(account)s add up to %(vouchers)s, its result "
                    "(#RES) is %(result)s."
                )
                % {"account": account, "vouchers": vouchers[account], "result": result}
            )


def parse_sie(content: bytes) -> SieFile:
    """The file's fiscal year 0: accounts, results by year and month, vouchers; ValidationError
    with a reason per line if it is not a whole, consistent SIE file."""
    reader = _Reader()
    records = records_of(decode(content), reader)
    if not records or records[0].label != "#FLAGGA":
        raise ValidationError(
            _("This is not a SIE file from a bookkeeping system: it must begin with #FLAGGA.")
        )
    index = 0
    while index < len(records):
        record = records[index]
        reader.line = record.line
        if record.label == "#VER":
            index = _voucher(reader, records, index)
            continue
        if record.label in ("{", "}"):
            reader.fail(_("a { or } outside a voucher."))
        elif handler := RECORD_KINDS.get(record.label):
            handler(reader, record)
        index += 1
    reader.line = records[-1].line
    if 0 not in reader.sie.years:
        reader.fail(_("the file names no fiscal year (#RAR 0)."))
    _checksum(reader, records)
    _consistent(reader)
    if reader.errors:
        raise ValidationError(reader.errors)
    return reader.sie
