"""Every write of adjusting the minutes online: a version sent round to the chair and the
adjusters, their answers, the minutes adjusted when all have approved the same version, and
the published minutes sealed."""

import io
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from members.models import Person, User
from members.selectors import staff_with_address
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import outbox_queue
from nns_portal.pdf import render_pdf

from ..documents.models import MeetingDocument
from ..documents.services import minutes_adjust, minutes_publish
from .models import MinutesAnswer, MinutesSigner, MinutesVersion, SealedMinutes, sha256
from .sealing import sealer

State = MeetingDocument.MinutesState
MAX_ADJUSTERS = 2


def _signers_set(*, document: MeetingDocument, chair: Person, adjusters: Sequence[Person]) -> None:
    wanted = {chair.pk: MinutesSigner.Role.CHAIR} | {
        person.pk: MinutesSigner.Role.ADJUSTER for person in adjusters
    }
    current = {signer.person_id: signer.role for signer in document.signers.all()}
    if current == wanted:
        return
    if MinutesAnswer.objects.filter(version__document=document).exists():
        raise ValidationError(_("Someone has answered already: the signers stay as they are."))
    document.signers.all().delete()
    MinutesSigner.objects.bulk_create(
        MinutesSigner(document=document, person_id=pk, role=role) for pk, role in wanted.items()
    )


@transaction.atomic
def minutes_round_start(
    *, document: MeetingDocument, chair: Person, adjusters: Sequence[Person], user: User | None
) -> MinutesVersion:
    """Send the draft as it is now to the chair of the meeting and the adjusters, as a new
    version: earlier approvals do not count for it."""
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_minutes or document.minutes_state != State.DRAFT:
        raise ValidationError(_("Only minutes in draft are sent round for adjusting."))
    if not 1 <= len(adjusters) <= MAX_ADJUSTERS or chair in adjusters:
        raise ValidationError(_("Name the chair of the meeting and one or two other adjusters."))
    missing = [str(p) for p in [chair, *adjusters] if not p.email]
    if missing:
        raise ValidationError(
            _("%(names)s has no e-mail address to be asked by.") % {"names": ", ".join(missing)}
        )
    _signers_set(document=document, chair=chair, adjusters=adjusters)
    with document.file.open("rb") as pdf:
        content = pdf.read()
    latest = document.versions.order_by("-number").first()
    if latest is not None and latest.sha256 == sha256(content):
        raise ValidationError(
            _("The draft is the same as version %(number)s: revise it before sending it round.")
            % {"number": latest.number}
        )
    version = MinutesVersion.objects.create(
        document=document,
        number=(latest.number + 1) if latest else 1,
        content=content,
        sha256=sha256(content),
        sent_by=user,
    )
    _ask(document=document, version=version)
    return version


def _ask(*, document: MeetingDocument, version: MinutesVersion) -> None:
    url = absolute_url(reverse("meetings:minutes_adjusting", args=[document.pk]))
    outbox_queue(
        drafts=[
            render_draft(
                key=f"minutes:{document.pk}:version:{version.number}:person:{signer.person_id}",
                category="minutes_adjusting",
                to=signer.person.email,
                template="meetings/email/minutes_adjusting",
                context={"document": document, "version": version, "signer": signer, "url": url},
                language=settings.LANGUAGE_CODE,
            )
            for signer in document.signers.select_related("person")
        ]
    )


@transaction.atomic
def minutes_answer(
    *,
    document: MeetingDocument,
    person: Person,
    approve: bool,
    comment: str,
    sha256_read: str,
    login_method: str,
    user: User | None,
) -> MinutesAnswer:
    """A signer approves the version they read (its hash must be the latest version's), or
    sends it back with a comment. When the chair and every adjuster have approved the same
    version, the minutes are adjusted."""
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    version = document.versions.order_by("-number").first()
    signer = document.signers.filter(person=person).first()
    if version is None or signer is None or document.minutes_state != State.DRAFT:
        raise ValidationError(_("These minutes are not waiting for your answer."))
    if sha256_read != version.sha256:
        raise ValidationError(
            _("A new version has been sent round since you opened the page: read it first.")
        )
    if version.answers.filter(signer=signer).exists():
        raise ValidationError(
            _("You have answered version %(number)s already.") % {"number": version.number}
        )
    if not approve and not comment.strip():
        raise ValidationError(_("Say what should be changed."))
    answer = MinutesAnswer.objects.create(
        version=version,
        signer=signer,
        answer=MinutesAnswer.Answer.APPROVED if approve else MinutesAnswer.Answer.SENT_BACK,
        comment=comment.strip(),
        sha256=version.sha256,
        answered_at=timezone.now(),
        login_method=login_method,
        user=user,
    )
    approved = set(
        version.answers.filter(answer=MinutesAnswer.Answer.APPROVED).values_list(
            "signer_id", flat=True
        )
    )
    if approved >= set(document.signers.values_list("pk", flat=True)):
        adjusters = document.signers.filter(role=MinutesSigner.Role.ADJUSTER).select_related(
            "person"
        )
        names = get_text_list([str(signer.person) for signer in adjusters], _("and"))
        minutes_adjust(document=document, adjusters=names, on=timezone.localdate())
        _tell_staff(document=document, answer=answer, adjusted=True)
    elif not approve:
        _tell_staff(document=document, answer=answer, adjusted=False)
    return answer


def _tell_staff(*, document: MeetingDocument, answer: MinutesAnswer, adjusted: bool) -> None:
    url = absolute_url(reverse("admin:meetings_meetingdocument_change", args=[document.pk]))
    what = "adjusted" if adjusted else f"sent-back:{answer.pk}"
    outbox_queue(
        drafts=[
            render_draft(
                key=f"minutes:{document.pk}:{what}:user:{user.pk}",
                category="minutes_adjusting",
                to=user.email,
                template="meetings/email/minutes_answered",
                context={"document": document, "answer": answer, "adjusted": adjusted, "url": url},
                language=settings.LANGUAGE_CODE,
            )
            for user in staff_with_address()
        ]
    )


def _with_approvals(*, version: MinutesVersion) -> bytes:
    """The approved version with a last page: who approved it, when, how they had logged in,
    and the SHA-256 of the PDF each approved."""
    answers = version.answers.select_related("signer__person").order_by("answered_at")
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "meetings/pdf/approvals.html",
            {"document": version.document, "version": version, "answers": answers},
        )
    writer = PdfWriter(clone_from=io.BytesIO(version.content))
    writer.append(io.BytesIO(render_pdf(html)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@transaction.atomic
def minutes_publish_sealed(*, document: MeetingDocument) -> MeetingDocument:
    """Publish adjusted minutes. Those adjusted online are published as the approved version
    with its approvals, sealed; those adjusted on paper as they are."""
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    version = document.versions.order_by("-number").first()
    if version is None or document.minutes_state != State.ADJUSTED:
        return minutes_publish(document=document)
    used = sealer()
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Minutes adjusted online: version %(number)s, SHA-256 %(hash)s") % {
            "number": version.number,
            "hash": version.sha256,
        }
    content = used.seal(pdf=_with_approvals(version=version), reason=reason)
    SealedMinutes.objects.create(
        document=document,
        version=version,
        content=content,
        sha256=sha256(content),
        sealed_with=used.name,
    )
    return minutes_publish(document=document)
