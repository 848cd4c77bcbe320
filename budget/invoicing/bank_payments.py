"""Payments from the bank's BgMax files: matched to invoices by OCR reference, previewed, and
registered when staff confirm.

Each payment is known by the bank's own id (bankgiro, payment date, deposit and BGC serial
number), kept on the registered payment: reading the same file again registers nothing twice.
A payment that names several invoices (extra reference records) is shared out: by the amounts
the bank gives, or, when it gives none, to each invoice what is left of it, in order, the rest to
the last. Nothing is registered for a deduction, a payment to another bankgiro, an unknown or
missing reference, a credit note or a credited invoice: staff see why and handle it by hand.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from members.models import User

from ..models import FeeSchedule, Invoice, Payment, PaymentFile
from .bankgiro import format_bankgiro
from .bgmax import BankPayment, parse_bgmax
from .ocr import ocr_is_valid
from .selectors import with_payments


class Outcome(TextChoices):
    PAID = "paid", gettext_lazy("Pays the invoice")
    PARTLY = "partly", gettext_lazy("Partial payment")
    OVERPAID = "overpaid", gettext_lazy("Over-payment")
    ALREADY = "already", gettext_lazy("Already registered")
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


def _shares(payment: BankPayment) -> list[tuple[str, Decimal | None]]:
    """The references the payment names, each with its amount (None: share by what is left)."""
    references = []
    if payment.reference_code == "2" or ocr_is_valid(payment.reference):
        references.append(payment.reference)
    else:
        references.extend(token for token in payment.reference.split() if ocr_is_valid(token))
    extras = [(reference, amount) for reference, amount in payment.extra_references if reference]
    references.extend(reference for reference, _amount in extras if reference not in references)
    if not references:
        return [(payment.reference, payment.amount)]
    if any(amount for _reference, amount in extras):
        extra_total = sum((amount for _reference, amount in extras), Decimal(0))
        given = dict(extras)
        return [(references[0], payment.amount - extra_total)] + [
            (reference, given.get(reference, Decimal(0))) for reference in references[1:]
        ]
    if len(references) == 1:
        return [(references[0], payment.amount)]
    return [(reference, None) for reference in references]


def payments_match(*, payments: list[BankPayment]) -> list[PaymentMatch]:
    """What registering these payments would do, payment by payment; writes nothing."""
    our_bankgiros = set(
        FeeSchedule.objects.exclude(seller_bankgiro="").values_list("seller_bankgiro", flat=True)
    )
    shares = {id(payment): _shares(payment) for payment in payments}
    references = {reference for share in shares.values() for reference, _ in share}
    invoices = {
        invoice.ocr: invoice
        for invoice in with_payments(Invoice.objects.filter(ocr__in=references)).select_related(
            "association"
        )
    }
    left = {invoice.pk: invoice.total_amount - invoice.paid for invoice in invoices.values()}
    keys = [
        _bank_reference(payment, part)
        for payment in payments
        for part in range(len(shares[id(payment)]))
    ]
    known = set(
        Payment.objects.filter(bank_reference__in=keys).values_list("bank_reference", flat=True)
    )
    matches = []
    for payment in payments:
        share = shares[id(payment)]
        for part, (reference, amount) in enumerate(share):
            match = PaymentMatch(
                payment=payment,
                reference=reference,
                amount=amount if amount is not None else Decimal(0),
                outcome=Outcome.UNMATCHED,
                bank_reference=_bank_reference(payment, part),
                invoice=invoices.get(reference),
            )
            matches.append(match)
            if payment.deduction:
                match.amount = -payment.amount
                match.reason = _("A deduction (record 21): handle it by hand.")
                continue
            if payment.bankgiro not in our_bankgiros:
                match.reason = _("Paid to bankgiro %(bankgiro)s, which is not NNS's.") % {
                    "bankgiro": format_bankgiro(payment.bankgiro.zfill(7))
                }
                continue
            if match.bank_reference in known:
                match.outcome = Outcome.ALREADY
                match.reason = _("Registered from an earlier file.")
                continue
            invoice = match.invoice
            if invoice is None:
                match.reason = (
                    _("No invoice has the OCR reference %(reference)s.") % {"reference": reference}
                    if reference
                    else _("The payment has no reference.")
                )
                continue
            if invoice.is_credit_note or invoice.is_credited:
                match.reason = _("%(invoice)s is credited or a credit note: handle it by hand.") % {
                    "invoice": invoice
                }
                continue
            if amount is None:
                last = part == len(share) - 1
                already_shared = sum(
                    (m.amount for m in matches if m.payment is payment), Decimal(0)
                )
                amount = (
                    payment.amount - already_shared
                    if last
                    else min(max(left[invoice.pk], Decimal(0)), payment.amount - already_shared)
                )
                match.amount = amount
            if amount <= 0:
                match.reason = _("Nothing of the payment is left for this invoice.")
                continue
            left[invoice.pk] -= amount
            match.left_after = left[invoice.pk]
            match.outcome = (
                Outcome.PAID
                if left[invoice.pk] == 0
                else Outcome.PARTLY
                if left[invoice.pk] > 0
                else Outcome.OVERPAID
            )
    return matches


def payment_file_read(*, content: bytes) -> list[PaymentMatch]:
    """Parse a BgMax file and match its payments (the preview); ValidationError for a file
    that is refused whole, with a reason per line."""
    parsed = parse_bgmax(content)
    if parsed.test_file:
        raise ValidationError(
            _("This is a test file from the bank (marked T): it holds no real payments.")
        )
    return payments_match(payments=parsed.payments)


def payment_file_upload(*, name: str, content: bytes, user: User | None) -> PaymentFile:
    """Keep an uploaded file for its preview, once it reads as a whole BgMax file."""
    payment_file_read(content=content)
    return PaymentFile.objects.create(
        name=name[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )


def payment_file_register(*, payment_file_id: int, user: User | None) -> list[PaymentMatch]:
    """Register the file's matched payments in one transaction; a file registered once is
    refused, and a payment registered from another file is left alone."""
    try:
        return _register(payment_file_id=payment_file_id, user=user)
    except IntegrityError:
        raise ValidationError(
            _(
                "Some of these payments were registered from another upload at the same moment: "
                "open the file again to see what is left."
            )
        ) from None


def _register(*, payment_file_id: int, user: User | None) -> list[PaymentMatch]:
    with transaction.atomic():
        payment_file = PaymentFile.objects.select_for_update().get(pk=payment_file_id)
        if payment_file.registered_at is not None:
            raise ValidationError(_("The payments of this file are registered already."))
        matches = payment_file_read(content=bytes(payment_file.content))
        registered = [match for match in matches if match.outcome in REGISTERED]
        bulk_create_with_history(
            [
                Payment(
                    invoice=match.invoice,
                    paid_on=match.payment.paid_on,
                    amount=match.amount,
                    note=_("Bankgiro %(payer)s") % {"payer": match.payment.payer}
                    if match.payment.payer
                    else _("Bankgiro, OCR"),
                    bank_reference=match.bank_reference,
                    payment_file=payment_file,
                    registered_by=user,
                )
                for match in registered
            ],
            Payment,
            default_user=user,
            default_change_reason=payment_file.name,
        )
        PaymentFile.objects.filter(pk=payment_file.pk).update(
            registered_at=timezone.now(), registered=len(registered)
        )
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
