"""Payments registered by hand on an invoice (the bank's files: ``payment_files.py``)."""

import datetime
from decimal import Decimal

from django.db import transaction

from members.models import User

from ...models import Invoice, Payment


def payment_register(
    *, invoice: Invoice, paid_on: datetime.date, amount: Decimal, note: str, user: User | None
) -> Payment:
    """Record money received for an invoice (a part of it, or all)."""
    payment = Payment(
        invoice=invoice, paid_on=paid_on, amount=amount, note=note, registered_by=user
    )
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def payment_remove(*, payment: Payment) -> None:
    """Take back a payment registered by mistake (its history keeps that it was there)."""
    payment.delete()
