"""The bank's payment files: kept as uploaded once they read as a whole BgMax file, previewed,
and registered by a job when staff confirm.

A file is at most ``PAYMENT_FILE_MAX_BYTES``. Registering it is one transaction in a Celery
task (``budget.tasks.register_payment_file``), so a big file never holds a web request; its
progress is kept in the cache for the file's page. A job whose worker died is started again by
beat after ``JOB_STALL_SECONDS`` (``payment_files_resume``): the transaction it was in rolled
back, and the file is registered once.
"""

import datetime
import hashlib
import itertools
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.models import User

from ..models import Payment, PaymentFile
from .bank_payments import REGISTERED, Outcome, PaymentMatch, payments_match
from .bgmax import parse_bgmax

PROGRESS_BATCH = 1000


def payment_file_read(*, content: bytes, payment_file_id: int | None = None) -> list[PaymentMatch]:
    """Parse a BgMax file and match its payments (the preview; once registered, what was
    registered from it); ValidationError for a file that is refused whole, with a reason per
    line."""
    if len(content) > settings.PAYMENT_FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB, more than a bank file of NNS can be.")
            % {"limit": settings.PAYMENT_FILE_MAX_BYTES // 1_000_000}
        )
    parsed = parse_bgmax(content)
    if parsed.test_file:
        raise ValidationError(
            _("This is a test file from the bank (marked T): it holds no real payments.")
        )
    return payments_match(payments=parsed.payments, payment_file_id=payment_file_id)


def payment_file_upload(*, name: str, content: bytes, user: User | None) -> PaymentFile:
    """Keep an uploaded file for its preview, once it reads as a whole BgMax file."""
    payment_file_read(content=content)
    return PaymentFile.objects.create(
        name=name[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )


def _progress_key(payment_file_id: int) -> str:
    return f"payment-file:{payment_file_id}:registered"


def payment_file_progress(*, payment_file: PaymentFile) -> int | None:
    """How many payments the job has written so far (None: not known, or not under way)."""
    if payment_file.registering_since is None or payment_file.registered_at is not None:
        return None
    return cache.get(_progress_key(payment_file.pk))


@transaction.atomic
def payment_file_register_start(*, payment_file_id: int, user: User | None) -> None:
    """Staff confirmed: the job registers the file's matched payments."""
    from ..tasks import register_payment_file

    payment_file = PaymentFile.objects.select_for_update().get(pk=payment_file_id)
    if payment_file.registered_at is not None:
        raise ValidationError(_("The payments of this file are registered already."))
    if payment_file.registering_since is not None:
        raise ValidationError(_("The payments of this file are being registered."))
    payment_file.registering_since = timezone.now()
    payment_file.save(update_fields=["registering_since"])
    register_payment_file.delay_on_commit(payment_file.pk, user.pk if user else None)


def payment_files_unmatched_handled(*, payment_files: QuerySet[PaymentFile]) -> int:
    """Staff have handled a file's unmatched payments by hand: it leaves their start page."""
    return payment_files.filter(unmatched_handled_at__isnull=True).update(
        unmatched_handled_at=timezone.now()
    )


def payment_files_resume(*, now: datetime.datetime) -> list[int]:
    """Start again every registration whose job has not finished within ``JOB_STALL_SECONDS``."""
    from ..tasks import register_payment_file

    stalled_before = now - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS)
    with transaction.atomic():
        stalled = list(
            PaymentFile.objects.select_for_update(skip_locked=True).filter(
                registered_at__isnull=True, registering_since__lt=stalled_before
            )
        )
        for payment_file in stalled:
            PaymentFile.objects.filter(pk=payment_file.pk).update(registering_since=now)
            register_payment_file.delay_on_commit(payment_file.pk, payment_file.uploaded_by_id)
    return [payment_file.pk for payment_file in stalled]


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


def _payment(match: PaymentMatch, payment_file: PaymentFile, user: User | None) -> Payment:
    payer = match.payment.payer
    return Payment(
        invoice=match.invoice,
        paid_on=match.payment.paid_on,
        amount=match.amount,
        note=_("Bankgiro %(payer)s") % {"payer": payer} if payer else _("Bankgiro, OCR"),
        bank_reference=match.bank_reference,
        payment_file=payment_file,
        registered_by=user,
    )


def _register(*, payment_file_id: int, user: User | None) -> list[PaymentMatch]:
    with transaction.atomic():
        payment_file = PaymentFile.objects.select_for_update().get(pk=payment_file_id)
        if payment_file.registered_at is not None:
            raise ValidationError(_("The payments of this file are registered already."))
        matches = payment_file_read(content=bytes(payment_file.content))
        registered = [match for match in matches if match.outcome in REGISTERED]
        done = 0
        for batch in itertools.batched(registered, PROGRESS_BATCH, strict=False):
            bulk_create_with_history(
                [_payment(match, payment_file, user) for match in batch],
                Payment,
                default_user=user,
                default_change_reason=payment_file.name,
            )
            done += len(batch)
            cache.set(_progress_key(payment_file.pk), done, timeout=3600)
        unmatched = [match for match in matches if match.outcome == Outcome.UNMATCHED]
        PaymentFile.objects.filter(pk=payment_file.pk).update(
            registered_at=timezone.now(),
            registered=len(registered),
            registering_since=None,
            unmatched=len(unmatched),
            unmatched_amount=sum((match.amount for match in unmatched), Decimal(0)),
        )
    return matches
