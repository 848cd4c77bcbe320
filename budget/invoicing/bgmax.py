"""BgMax, the file of received bankgiro payments (Bankgiro Inbetalningar) as the bank delivers it.

Fixed-width records of 80 characters, by transaction code (TK) in positions 1–2, as Bankgirot's
technical manual describes them: 01 start, 05 opening of a deposit (NNS's bankgiro, currency),
20 payment and 21 deduction (the payer's bankgiro, reference, amount in öre, reference code,
BGC serial number), 22/23 extra reference, 25 information, 26–29 payer's name, address and
organisation number, 15 the deposit (payment date, serial number, amount, number of payments),
70 end with the number of each kind of record. Codes the manual may add later are skipped, as
it asks.

The whole file is read before anything is used: a file that is not BgMax, is cut short, or whose
counts and sums do not add up is refused with a Swedish reason per line, and nothing of it is
registered. No library reads BgMax in Python (the few on PyPI are unmaintained), so this is
written here against the manual.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from nns_portal.text import MULTI_LINE_REFUSED

RECORD_LENGTH = 80
ORE = Decimal("0.01")
# The largest amount a payment row can hold (12 digits, 2 of them öre).
LARGEST_AMOUNT = Decimal("9999999999.99")
# The bank's reference codes (position 56 of records 20–23).
REFERENCE_OCR = "2"
REFERENCE_INCORRECT = "5"
CURRENCIES = ("SEK", "EUR")  # EUR deposits occur only in files from before 2012
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ExtraReference:
    """An extra reference record (22, or 23 for a minus amount) as the bank states it."""

    reference: str
    amount: Decimal
    reference_code: str


@dataclass
class BankPayment:
    """A payment (TK20) or deduction (TK21) with what follows it, in the deposit it came in."""

    line: int
    bankgiro: str
    serial: str
    amount: Decimal
    reference: str
    reference_code: str
    deduction: bool
    currency: str = "SEK"
    extra_references: list[ExtraReference] = field(default_factory=list)
    payer: str = ""
    information: list[str] = field(default_factory=list)
    paid_on: datetime.date | None = None
    deposit_serial: str = ""


@dataclass
class Deposit:
    line: int
    bankgiro: str
    currency: str
    payments: list[BankPayment] = field(default_factory=list)
    paid_on: datetime.date | None = None
    serial: str = ""


@dataclass
class BgMaxFile:
    created: str
    test_file: bool
    deposits: list[Deposit]

    @property
    def payments(self) -> list[BankPayment]:
        return [payment for deposit in self.deposits for payment in deposit.payments]


def decode(content: bytes) -> str:
    """The bank writes ISO 8859-1; a file passed through an editor may have become UTF-8."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def records_of(text: str) -> list[str]:
    """The file's records: its lines (only CR and LF end one; a byte such as 0x85 is a
    character like any other), or, for a file saved without line ends, each 80 characters. A
    tab stands for the spaces up to the next multiple of eight, as an editor that put it there
    meant: the fixed positions are then those the bank wrote. Spaces at the end of a record
    are padding, whatever its length."""
    if not LINE_BREAK.search(text) and len(text) > RECORD_LENGTH:
        lines = [text[i : i + RECORD_LENGTH] for i in range(0, len(text), RECORD_LENGTH)]
    else:
        lines = LINE_BREAK.split(text)
    return [line.expandtabs(8).rstrip(" ") for line in lines]


def _text(record: str, start: int, end: int) -> str:
    """Free text of a record (a name, a message): control characters become spaces."""
    return MULTI_LINE_REFUSED.sub(" ", record[start - 1 : end]).strip()


class _Reader:
    """The file as read so far: the deposits, the open deposit and payment, what is counted,
    and an error per line that is wrong."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.line = 0
        self.deposits: list[Deposit] = []
        self.deposit: Deposit | None = None
        self.payment: BankPayment | None = None
        self.counts = {"20": 0, "21": 0, "22": 0, "15": 0}
        self.created, self.test_file, self.ended = "", False, False

    def fail(self, message: str) -> None:
        self.errors.append(
            _("Line %(line)s: %(message)s") % {"line": self.line, "message": message}
        )

    def digits(self, record: str, start: int, end: int, what: str) -> str:
        """Positions ``start``–``end`` (1-based, inclusive, as in the manual): digits 0–9 only."""
        value = record[start - 1 : end].strip()
        if not (value.isascii() and value.isdigit()):
            self.fail(_("%(what)s is not digits (%(value)s).") % {"what": what, "value": value})
            return "0"
        return value

    def amount(self, record: str, start: int, end: int) -> Decimal:
        amount = Decimal(int(self.digits(record, start, end, _("the amount")))) * ORE
        if amount > LARGEST_AMOUNT:
            self.fail(
                _("the amount %(amount)s kr is larger than any payment.") % {"amount": amount}
            )
            return Decimal(0)
        return amount

    def date(self, record: str, start: int, end: int) -> datetime.date | None:
        value = self.digits(record, start, end, _("the payment date"))
        try:
            day = datetime.datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            self.fail(_("%(value)s is not a date.") % {"value": value})
            return None
        if day > timezone.localdate():
            self.fail(_("the payment date %(day)s has not come yet.") % {"day": day})
        return day


def _start(reader: _Reader, record: str) -> None:
    reader.created = record[24:44].strip()
    reader.test_file = record[44] == "T"


def _opening(reader: _Reader, record: str) -> None:
    if reader.deposit is not None:
        reader.fail(_("a deposit opens before the previous one was closed (15)."))
    bankgiro = reader.digits(record, 3, 12, _("the bankgiro number")).lstrip("0")
    currency = record[22:25]
    if currency not in CURRENCIES:
        reader.fail(_("the currency is %(value)s, not SEK.") % {"value": currency})
    reader.deposit = Deposit(line=reader.line, bankgiro=bankgiro, currency=currency)
    reader.payment = None


def _payment(reader: _Reader, record: str) -> None:
    if reader.deposit is None:
        reader.fail(_("a payment outside a deposit (no opening record 05 before it)."))
        return
    code = record[:2]
    reader.counts[code] += 1
    reader.payment = BankPayment(
        line=reader.line,
        bankgiro=reader.deposit.bankgiro,
        serial=reader.digits(record, 58, 69, _("the BGC serial number")),
        amount=reader.amount(record, 38, 55),
        reference=_text(record, 13, 37),
        reference_code=record[55],
        deduction=code == "21",
        currency=reader.deposit.currency,
    )
    reader.deposit.payments.append(reader.payment)


def _extra_reference(reader: _Reader, record: str) -> None:
    reader.counts["22"] += 1
    if reader.payment is None:
        reader.fail(_("an extra reference with no payment before it."))
        return
    amount = reader.amount(record, 38, 55)
    reader.payment.extra_references.append(
        ExtraReference(
            reference=_text(record, 13, 37),
            amount=-amount if record[:2] == "23" else amount,
            reference_code=record[55],
        )
    )


def _information(reader: _Reader, record: str) -> None:
    if reader.payment is not None:
        reader.payment.information.append(_text(record, 3, 52))


def _payer(reader: _Reader, record: str) -> None:
    if reader.payment is not None:
        reader.payment.payer = _text(record, 3, 37)


def _deposit(reader: _Reader, record: str) -> None:
    reader.counts["15"] += 1
    deposit = reader.deposit
    if deposit is None:
        reader.fail(_("a deposit record (15) with no opening record (05) before it."))
        return
    deposit.paid_on = reader.date(record, 38, 45)
    deposit.serial = reader.digits(record, 46, 50, _("the deposit serial number"))
    total = reader.amount(record, 51, 68)
    number = int(reader.digits(record, 72, 79, _("the number of payments")))
    if number != len(deposit.payments):
        reader.fail(
            _("the deposit says %(said)s payments, the file has %(found)s.")
            % {"said": number, "found": len(deposit.payments)}
        )
    found = sum((p.amount * (-1 if p.deduction else 1) for p in deposit.payments), Decimal(0))
    if total != found:
        reader.fail(
            _("the deposit says %(said)s kr, its payments add up to %(found)s kr.")
            % {"said": total, "found": found}
        )
    for each in deposit.payments:
        each.paid_on, each.deposit_serial = deposit.paid_on, deposit.serial
    reader.deposits.append(deposit)
    reader.deposit, reader.payment = None, None


def _end(reader: _Reader, record: str) -> None:
    reader.ended = True
    said = {
        "20": int(reader.digits(record, 3, 10, _("the number of payments"))),
        "21": int(reader.digits(record, 11, 18, _("the number of deductions"))),
        "22": int(reader.digits(record, 19, 26, _("the number of extra references"))),
        "15": int(reader.digits(record, 27, 34, _("the number of deposits"))),
    }
    if said != reader.counts:
        reader.fail(
            _(
                "the end record (70) counts %(said)s payments, deductions, extra "
                "references and deposits; the file has %(found)s."
            )
            % {
                "said": "/".join(map(str, said.values())),
                "found": "/".join(map(str, reader.counts.values())),
            }
        )


# The records the portal reads, by transaction code; codes the manual may add later (and the
# payer's address, 27–29) are skipped, as it asks.
RECORD_KINDS: dict[str, Callable[[_Reader, str], None]] = {
    "01": _start,
    "05": _opening,
    "20": _payment,
    "21": _payment,
    "22": _extra_reference,
    "23": _extra_reference,
    "25": _information,
    "26": _payer,
    "15": _deposit,
    "70": _end,
}


def _read_record(reader: _Reader, raw: str) -> bool:
    """Read one record; False once the file must not be read further."""
    if len(raw) > RECORD_LENGTH:
        reader.fail(
            _("a record has at most 80 characters, this has %(count)s.") % {"count": len(raw)}
        )
        return True
    record = raw.ljust(RECORD_LENGTH)
    if reader.ended:
        reader.fail(_("there is more after the end record (70)."))
        return False
    code = record[:2]
    if code in RECORD_KINDS:
        RECORD_KINDS[code](reader, record)
    elif not (code.isascii() and code.isdigit()):
        reader.fail(_("a record must begin with a two-digit transaction code."))
    return True


def parse_bgmax(content: bytes) -> BgMaxFile:
    """The file's deposits and payments; ValidationError with a reason per line if it is not a
    whole, consistent BgMax file."""
    records = records_of(decode(content))
    if not records or not records[0].startswith("01BGMAX"):
        raise ValidationError(
            _(
                "This is not a BgMax file from the bank (Bankgiro Inbetalningar): it must begin "
                "with 01BGMAX."
            )
        )
    reader = _Reader()
    for reader.line, raw in enumerate(records, start=1):
        if raw.strip() and not _read_record(reader, raw):
            break
    reader.line = len(records)
    if reader.deposit is not None:
        reader.fail(_("the last deposit is not closed (no record 15): the file is cut short."))
    if not reader.ended:
        reader.fail(_("the file has no end record (70): it is cut short."))
    if reader.errors:
        raise ValidationError(reader.errors)
    return BgMaxFile(created=reader.created, test_file=reader.test_file, deposits=reader.deposits)


@dataclass
class WrittenPayment:
    """A payment for ``bgmax_write``: amount in kronor, an OCR reference (or any text)."""

    reference: str
    amount: Decimal
    payer: str = ""
    extra_references: list[str] = field(default_factory=list)


def bgmax_write(
    *,
    bankgiro: str,
    deposits: list[tuple[datetime.date, list[WrittenPayment]]],
    created: datetime.datetime,
) -> bytes:
    """A BgMax file in the bank's layout and encoding: the demo file, tests and benchmarks."""

    def ore(amount: Decimal) -> str:
        return f"{int(amount * 100):018d}"

    lines = [f"01{'BGMAX':<20}01{created:%Y%m%d%H%M%S}000000P"]
    serial, counts = 0, {"20": 0, "22": 0}
    for number, (paid_on, payments) in enumerate(deposits, start=1):
        lines.append(f"05{int(bankgiro):010d}{'':10}SEK")
        for payment in payments:
            serial += 1
            counts["20"] += 1
            lines.append(f"20{'':0>10}{payment.reference:>25}{ore(payment.amount)}21{serial:012d}0")
            for extra in payment.extra_references:
                counts["22"] += 1
                lines.append(f"22{'':0>10}{extra:>25}{ore(Decimal(0))}21{serial:012d}0")
            if payment.payer:
                lines.append(f"26{payment.payer[:35]}")
        total = sum((payment.amount for payment in payments), Decimal(0))
        lines.append(f"15{'':0>35}{paid_on:%Y%m%d}{number:05d}{ore(total)}SEK{len(payments):08d}K")
    lines.append(f"70{counts['20']:08d}{0:08d}{counts['22']:08d}{len(deposits):08d}")
    return "".join(line.ljust(RECORD_LENGTH) + "\n" for line in lines).encode("latin-1")
