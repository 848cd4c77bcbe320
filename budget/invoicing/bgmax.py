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
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RECORD_LENGTH = 80
ORE = Decimal("0.01")


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
    extra_references: list[tuple[str, Decimal]] = field(default_factory=list)
    payer: str = ""
    information: list[str] = field(default_factory=list)
    paid_on: datetime.date | None = None
    deposit_serial: str = ""


@dataclass
class Deposit:
    line: int
    bankgiro: str
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


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.line = 0

    def fail(self, message: str) -> None:
        self.errors.append(
            _("Line %(line)s: %(message)s") % {"line": self.line, "message": message}
        )

    def digits(self, record: str, start: int, end: int, what: str) -> str:
        """Positions ``start``–``end`` (1-based, inclusive, as in the manual): digits only."""
        value = record[start - 1 : end].strip()
        if not value.isdigit():
            self.fail(_("%(what)s is not digits (%(value)s).") % {"what": what, "value": value})
            return "0"
        return value

    def amount(self, record: str, start: int, end: int) -> Decimal:
        return Decimal(int(self.digits(record, start, end, _("the amount")))) * ORE

    def date(self, record: str, start: int, end: int) -> datetime.date | None:
        value = self.digits(record, start, end, _("the payment date"))
        try:
            return datetime.datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            self.fail(_("%(value)s is not a date.") % {"value": value})
            return None


def parse_bgmax(content: bytes) -> BgMaxFile:
    """The file's deposits and payments; ValidationError with a reason per line if it is not a
    whole, consistent BgMax file."""
    reader = _Reader()
    records = decode(content).splitlines()
    if not records or not records[0].startswith("01BGMAX"):
        raise ValidationError(
            _(
                "This is not a BgMax file from the bank (Bankgiro Inbetalningar): it must begin "
                "with 01BGMAX."
            )
        )
    deposits: list[Deposit] = []
    deposit: Deposit | None = None
    payment: BankPayment | None = None
    counts = {"20": 0, "21": 0, "22": 0, "15": 0}
    created, test_file, ended = "", False, False
    for reader.line, raw in enumerate(records, start=1):
        record = raw.rstrip("\r\n").replace("\t", " ")
        if not record.strip():
            continue
        if len(record) > RECORD_LENGTH:
            reader.fail(
                _("a record has at most 80 characters, this has %(count)s.")
                % {"count": len(record)}
            )
            continue
        record = record.ljust(RECORD_LENGTH)
        code = record[:2]
        if ended:
            reader.fail(_("there is more after the end record (70)."))
            break
        if code == "01":
            created = record[24:44].strip()
            test_file = record[44] == "T"
        elif code == "05":
            if deposit is not None:
                reader.fail(_("a deposit opens before the previous one was closed (15)."))
            bankgiro = reader.digits(record, 3, 12, _("the bankgiro number")).lstrip("0")
            if record[22:25] != "SEK":
                reader.fail(_("the currency is %(value)s, not SEK.") % {"value": record[22:25]})
            deposit, payment = Deposit(line=reader.line, bankgiro=bankgiro), None
        elif code in ("20", "21"):
            if deposit is None:
                reader.fail(_("a payment outside a deposit (no opening record 05 before it)."))
                continue
            counts[code] += 1
            payment = BankPayment(
                line=reader.line,
                bankgiro=deposit.bankgiro,
                serial=reader.digits(record, 58, 69, _("the BGC serial number")),
                amount=reader.amount(record, 38, 55),
                reference=record[12:37].strip(),
                reference_code=record[55],
                deduction=code == "21",
            )
            deposit.payments.append(payment)
        elif code in ("22", "23"):
            counts["22"] += 1
            if payment is None:
                reader.fail(_("an extra reference with no payment before it."))
                continue
            amount = reader.amount(record, 38, 55)
            reference = record[12:37].strip() if record[55] == "2" else ""
            payment.extra_references.append((reference, -amount if code == "23" else amount))
        elif code == "25" and payment is not None:
            payment.information.append(record[2:52].strip())
        elif code == "26" and payment is not None:
            payment.payer = record[2:37].strip()
        elif code == "15":
            counts["15"] += 1
            if deposit is None:
                reader.fail(_("a deposit record (15) with no opening record (05) before it."))
                continue
            deposit.paid_on = reader.date(record, 38, 45)
            deposit.serial = reader.digits(record, 46, 50, _("the deposit serial number"))
            total = reader.amount(record, 51, 68)
            number = int(reader.digits(record, 72, 79, _("the number of payments")))
            if number != len(deposit.payments):
                reader.fail(
                    _("the deposit says %(said)s payments, the file has %(found)s.")
                    % {"said": number, "found": len(deposit.payments)}
                )
            found = sum(
                (p.amount * (-1 if p.deduction else 1) for p in deposit.payments), Decimal(0)
            )
            if total != found:
                reader.fail(
                    _("the deposit says %(said)s kr, its payments add up to %(found)s kr.")
                    % {"said": total, "found": found}
                )
            for each in deposit.payments:
                each.paid_on, each.deposit_serial = deposit.paid_on, deposit.serial
            deposits.append(deposit)
            deposit, payment = None, None
        elif code == "70":
            ended = True
            said = {
                "20": int(reader.digits(record, 3, 10, _("the number of payments"))),
                "21": int(reader.digits(record, 11, 18, _("the number of deductions"))),
                "22": int(reader.digits(record, 19, 26, _("the number of extra references"))),
                "15": int(reader.digits(record, 27, 34, _("the number of deposits"))),
            }
            if said != counts:
                reader.fail(
                    _(
                        "the end record (70) counts %(said)s payments, deductions, extra "
                        "references and deposits; the file has %(found)s."
                    )
                    % {
                        "said": "/".join(map(str, said.values())),
                        "found": "/".join(map(str, counts.values())),
                    }
                )
        elif not code.isdigit():
            reader.fail(_("a record must begin with a two-digit transaction code."))
    reader.line = len(records)
    if deposit is not None:
        reader.fail(_("the last deposit is not closed (no record 15): the file is cut short."))
    if not ended:
        reader.fail(_("the file has no end record (70): it is cut short."))
    if reader.errors:
        raise ValidationError(reader.errors)
    return BgMaxFile(created=created, test_file=test_file, deposits=deposits)


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
