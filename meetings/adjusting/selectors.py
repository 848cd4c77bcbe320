"""Reads of adjusting the minutes online: a signer's page (only the named signers: anyone
else gets a 404), what waits for whom, and who has answered which version."""

import io
from dataclasses import dataclass

from allauth.account.authentication import get_authentication_records
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from members.models import User

from ..documents.models import MeetingDocument
from .models import MinutesAnswer, MinutesSigner, MinutesVersion

MFA_WORDS = {
    "totp": gettext_lazy("an authenticator app"),
    "webauthn": gettext_lazy("a security key or passkey"),
    "recovery_codes": gettext_lazy("a recovery code"),
}


@dataclass(frozen=True)
class Round:
    document: MeetingDocument
    signer: MinutesSigner
    version: MinutesVersion
    answer: MinutesAnswer | None  # the signer's answer to this version, if any
    answers: list[MinutesAnswer]  # everyone's, every version

    @property
    def text(self) -> str:
        """The version's text, read from its PDF: for reading on a phone or aloud (empty when
        the PDF has none to give, a scan say)."""
        try:
            pages = PdfReader(io.BytesIO(bytes(self.version.content))).pages
            return "\n\n".join(page.extract_text() for page in pages).strip()
        except PyPdfError:
            return ""


def round_for_signer(*, user: User, pk: int) -> Round:
    """Minutes sent round to this login's person; anyone else's is a 404."""
    if not user.is_authenticated:
        raise Http404
    signer = get_object_or_404(
        MinutesSigner.objects.select_related("document__meeting", "person"),
        document__pk=pk,
        person__user=user,
    )
    document = signer.document
    version = document.versions.order_by("-number").first()
    if version is None:
        raise Http404
    answers = list(
        MinutesAnswer.objects.filter(version__document=document)
        .select_related("version", "signer__person")
        .order_by("version__number", "answered_at")
    )
    mine = next(
        (a for a in answers if a.version_id == version.pk and a.signer_id == signer.pk), None
    )
    return Round(document=document, signer=signer, version=version, answer=mine, answers=answers)


def version_for_signer(*, user: User, pk: int, number: int) -> MinutesVersion:
    round_ = round_for_signer(user=user, pk=pk)
    return get_object_or_404(round_.document.versions, number=number)


def rounds_waiting(*, user: User) -> QuerySet[MinutesSigner]:
    """Draft minutes whose latest version waits for this login's answer: the start page."""
    latest = (
        MinutesVersion.objects.filter(document=OuterRef("document"))
        .order_by("-number")
        .values("number")[:1]
    )
    answered = MinutesAnswer.objects.filter(
        signer=OuterRef("pk"), version__number=OuterRef("latest")
    )
    return (
        MinutesSigner.objects.filter(
            person__user=user, document__minutes_state=MeetingDocument.MinutesState.DRAFT
        )
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .exclude(Exists(answered))
        .select_related("document__meeting")
    )


def login_method(request: HttpRequest) -> str:
    """How the person logged in this session, as the approval records it."""
    words = []
    for record in get_authentication_records(request):
        if record.get("method") == "code":
            words.append(_("a code sent to %(email)s") % {"email": record.get("email", "")})
        elif record.get("method") == "mfa":
            words.append(str(MFA_WORDS.get(record.get("type", ""), _("a second factor"))))
    return ", ".join(words) or _("a session without a recorded login method")
