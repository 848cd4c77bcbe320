"""Payments from the bank's BgMax files, matched to invoices by OCR reference (what
registering them would do; ``payment_files.py`` keeps the files and registers them).

Each payment is known by the bank's own id (bankgiro, payment date, deposit and BGC serial
number), kept on the registered payment: reading the same file again registers nothing twice.
A payment that names several invoices (extra reference records) is shared out: by the amounts
the bank states, or, when it states none, to each invoice what is left of it, in order, the rest
to the last. What is registered of a payment never exceeds what the bank paid. Nothing is
registered for a deduction, a payment in EUR or to another bankgiro, a reference that is
unknown, missing or marked incorrect by the bank, a credit note or a credited invoice: staff
see each such part with its amount and why, and handle it by hand.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import FeeSchedule, Invoice, Payment
from .bankgiro import format_bankgiro
from .bgmax import REFERENCE_INCORRECT, REFERENCE_OCR, BankPayment
from .ocr import ocr_is_valid
from .selectors import with_payments


class Outcome(TextChoices):
    PAID = "paid", gettext_lazy("Pays the invoice")
    PARTLY = "partly", gettext_lazy("Partial payment")
    OVERPAID = "overpaid", gettext_lazy("Over-payment")
    ALREADY = "already", gettext_lazy("Already registered")
    REGISTERED_HERE = "registered", gettext_lazy("Registered from this file")
    UNMATCHED = "unmatched", gettext_lazy("Not matched")


REGISTERED = (Outcome.PAID, Outcome.PARTLY, Outcome.OVERPAID)


@dataclass
class PaymentMatch:
    payment: BankPayment
    reference: str
    amount: Decimal
    outcome: Outcome
    bank_reference: str
    invoice: Invoice | None = None
    left_after: Decimal | None = None
    reason: str = ""


def _bank_reference(payment: BankPayment, part: int) -> str:
    day, deposit = f"{payment.paid_on:%Y%m%d}", payment.deposit_serial
    key = f"bgmax:{payment.bankgiro}:{day}:{deposit}:{payment.serial}"
    return f"{key}/{part}" if part else key


@dataclass(frozen=True)
class Share:
    """A part of a payment as the bank states it: the reference it names and its amount (None:
    the bank gives none, so it is shared by what is left of each invoice)."""

    reference: str
    amount: Decimal | None
    incorrect: bool = False  # the bank marks the reference incorrect (code 5)


def _own_references(payment: BankPayment) -> list[str]:
    """The references on the payment record itself: one OCR, or those written in its text."""
    if payment.reference_code == REFERENCE_OCR or ocr_is_valid(payment.reference):
        return [payment.reference]
    return [token for token in re.findall(r"\d+", payment.reference) if ocr_is_valid(token)]


def _shares(payment: BankPayment) -> list[Share]:
    """The parts of a payment. Extra reference records that state amounts split it by those
    amounts (a minus record, 23, with a negative one); what they leave over goes to the
    payment record's own reference, or, if it has none, is a part without a reference. When
    they state none, each reference named gets what is left of its invoice."""
    if payment.deduction:
        return [Share(payment.reference, -payment.amount)]
    if payment.reference_code == REFERENCE_INCORRECT:
        return [Share(payment.reference, payment.amount, incorrect=True)]
    own = _own_references(payment)
    extras = [extra for extra in payment.extra_references if extra.reference or extra.amount]
    if any(extra.amount for extra in extras):
        shares = [
            Share(e.reference, e.amount, incorrect=e.reference_code == REFERENCE_INCORRECT)
            for e in extras
        ]
        rest = payment.amount - sum((share.amount for share in shares), Decimal(0))
        if own:
            return [Share(own[0], rest), *shares]
        return [*shares, Share("", rest)] if rest else shares
    references = own + [e.reference for e in extras if e.reference not in own]
    if len(references) > 1:
        return [Share(reference, None) for reference in references]
    return [Share(references[0] if references else payment.reference, payment.amount)]


@dataclass
class _Ledger:
    """What matching needs to know of the database: NNS's bankgiros, the invoices the file's
    references name with what is left of each, and the payments already registered."""

    our_bankgiros: set[str]
    invoices: dict[str, Invoice]
    left: dict[int, Decimal]
    known: dict[str, int | None]  # bank reference → the file it was registered from


def _ledger(payments: list[BankPayment], shares: dict[int, list[Share]]) -> _Ledger:
    references = {share.reference for parts in shares.values() for share in parts}
    invoices = {
        invoice.ocr: invoice
        for invoice in with_payments(Invoice.objects.filter(ocr__in=references)).select_related(
            "association"
        )
    }
    keys = [
        _bank_reference(payment, part)
        for payment in payments
        for part in range(len(shares[id(payment)]))
    ]
    return _Ledger(
        our_bankgiros=set(
            FeeSchedule.objects.exclude(seller_bankgiro="").values_list(
                "seller_bankgiro", flat=True
            )
        ),
        invoices=invoices,
        left={invoice.pk: invoice.total_amount - invoice.paid for invoice in invoices.values()},
        known=dict(
            Payment.objects.filter(bank_reference__in=keys).values_list(
                "bank_reference", "payment_file_id"
            )
        ),
    )


def _not_for_an_invoice(payment: BankPayment, ledger: _Ledger) -> str:
    """Why the whole payment cannot be registered against invoices, or ""."""
    if payment.deduction:
        return _("A deduction (record 21): handle it by hand.")
    if payment.currency != "SEK":
        return _("Paid in %(currency)s (files from before 2012 only): handle it by hand.") % {
            "currency": payment.currency
        }
    if payment.bankgiro not in ledger.our_bankgiros:
        return _("Paid to bankgiro %(bankgiro)s, which is not NNS's.") % {
            "bankgiro": format_bankgiro(payment.bankgiro.zfill(7))
        }
    return ""


def _invoice_refusal(share: Share, match: PaymentMatch) -> str:
    """Why this part of the payment cannot go to an invoice, or ""."""
    if share.incorrect:
        return _("The bank marks the reference %(reference)s incorrect: handle it by hand.") % {
            "reference": share.reference or "–"
        }
    invoice = match.invoice
    if invoice is None:
        if not share.reference:
            return _("The payment has no reference.")
        return _("No invoice has the OCR reference %(reference)s.") % {"reference": share.reference}
    if invoice.is_credit_note or invoice.is_credited:
        return _("%(invoice)s is credited or a credit note: handle it by hand.") % {
            "invoice": invoice
        }
    return ""


def _match_share(
    payment: BankPayment,
    parts: list[PaymentMatch],
    share: Share,
    last: bool,
    ledger: _Ledger,
    payment_file_id: int | None,
) -> PaymentMatch:
    invoice = ledger.invoices.get(share.reference)
    amount = share.amount
    if amount is None:  # what is left of the invoice, of what is left of the payment
        rest = payment.amount - sum((m.amount for m in parts), Decimal(0))
        open_invoice = invoice is not None and not (invoice.is_credit_note or invoice.is_credited)
        amount = (
            rest
            if last
            else min(max(ledger.left[invoice.pk], Decimal(0)), rest)
            if open_invoice
            else Decimal(0)
        )
    match = PaymentMatch(
        payment=payment,
        reference=share.reference,
        amount=amount,
        outcome=Outcome.UNMATCHED,
        bank_reference=_bank_reference(payment, len(parts)),
        invoice=invoice,
    )
    if reason := _not_for_an_invoice(payment, ledger):
        match.reason = reason
        return match
    if match.bank_reference in ledger.known:
        if payment_file_id and ledger.known[match.bank_reference] == payment_file_id:
            match.outcome = Outcome.REGISTERED_HERE
        else:
            match.outcome, match.reason = Outcome.ALREADY, _("Registered from another file.")
        return match
    if reason := _invoice_refusal(share, match):
        match.reason = reason
        return match
    if match.amount <= 0:
        match.reason = _("Nothing of the payment is left for this invoice.")
        return match
    ledger.left[invoice.pk] -= match.amount
    match.left_after = ledger.left[invoice.pk]
    match.outcome = (
        Outcome.PAID
        if match.left_after == 0
        else Outcome.PARTLY
        if match.left_after > 0
        else Outcome.OVERPAID
    )
    return match


def _never_above_the_payment(payment: BankPayment, parts: list[PaymentMatch]) -> None:
    """What is registered of a payment never exceeds what the bank paid: a payment whose parts
    would (its extra references state more, a minus record frees more) is left to staff."""
    registered = sum((m.amount for m in parts if m.outcome in REGISTERED), Decimal(0))
    if registered <= payment.amount:
        return
    reason = _(
        "Its references state %(stated)s kr to register, more than the %(paid)s kr paid: "
        "handle the payment by hand."
    ) % {"stated": registered, "paid": payment.amount}
    for match in parts:
        if match.outcome in REGISTERED:
            match.outcome, match.reason, match.left_after = Outcome.UNMATCHED, reason, None


def payments_match(
    *, payments: list[BankPayment], payment_file_id: int | None = None
) -> list[PaymentMatch]:
    """What registering these payments would do, part by part; writes nothing. Every krona of
    the file appears in some part, registered or not; a part registered from the file
    ``payment_file_id`` says so."""
    shares = {id(payment): _shares(payment) for payment in payments}
    ledger = _ledger(payments, shares)
    matches = []
    for payment in payments:
        parts: list[PaymentMatch] = []
        share_list = shares[id(payment)]
        for index, share in enumerate(share_list):
            last = index == len(share_list) - 1
            parts.append(_match_share(payment, parts, share, last, ledger, payment_file_id))
        _never_above_the_payment(payment, parts)
        matches.extend(parts)
    return matches


def matches_summary(matches: list[PaymentMatch]) -> dict[str, dict[str, object]]:
    """How many of each outcome, and their sum, for the preview's heading."""
    summary: dict[str, dict[str, object]] = {}
    for outcome in Outcome:
        chosen = [match for match in matches if match.outcome == outcome]
        summary[outcome.value] = {
            "label": outcome.label,
            "count": len(chosen),
            "amount": sum((match.amount for match in chosen), Decimal(0)),
        }
    return summary
