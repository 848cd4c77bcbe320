"""Minutes adjusted online: a version sent round, sent back with a comment, revised and sent
again; approvals bound to the SHA-256 of the version read; adjusted when the chair and every
adjuster approved the same version; published sealed (PAdES), the seal checked by pyHanko's
validator and a changed byte found; sealed minutes never change."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from meetings.adjusting import services
from meetings.adjusting.models import SealedMinutes, SealedMinutesError
from meetings.adjusting.sealing import seal_files
from meetings.documents.services import document_update
from meetings.models import Invitation
from nns_portal.models import OutboxMessage
from tests.adjusting.conftest import minutes_pdf

pytestmark = pytest.mark.django_db


def as_(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def answer(board, person, *, approve=True, comment="", version=None):
    version = version or board.minutes.versions.order_by("-number").first()
    return services.minutes_answer(
        document=board.minutes, person=person, approve=approve, comment=comment,
        sha256_read=version.sha256, login_method="en kod", user=person.user,
    )  # fmt: skip


def start(board, user=None):
    return services.minutes_round_start(
        document=board.minutes, chair=board.chair, adjusters=board.adjusters, user=user
    )


def revise(board, text: str) -> None:
    document_update(
        document=board.minutes,
        title=board.minutes.title,
        kind="protokoll",
        upload=ContentFile(minutes_pdf(text), "protokoll.pdf"),
    )


def test_a_round_sent_back_revised_and_approved_by_all_adjusts_the_minutes(board, send):
    first = send(start, board=board)
    assert first.number == 1 and first.sha256 == hashlib.sha256(bytes(first.content)).hexdigest()
    asked = OutboxMessage.objects.filter(category="minutes_adjusting")
    assert sorted(asked.values_list("to", flat=True)) == sorted(
        p.email for p in [board.chair, *board.adjusters]
    )
    answer(board, board.chair)
    sent_back = answer(board, board.adjusters[0], approve=False, comment="Rätta § 1.")
    assert sent_back.answer == "aterremitterat"
    with pytest.raises(ValidationError, match="Säg vad som ska ändras"):
        answer(board, board.adjusters[1], approve=False)
    with pytest.raises(ValidationError, match="samma som version 1"):
        start(board)  # not revised yet
    revise(board, "§ 1 Ordföranden öppnade mötet.")
    second = send(start, board=board)
    assert second.number == 2 and second.sha256 != first.sha256
    with pytest.raises(ValidationError, match="ny version"):
        answer(board, board.adjusters[1], version=first)  # read the old one
    answer(board, board.adjusters[0])
    answer(board, board.adjusters[1])
    board.minutes.refresh_from_db()
    assert board.minutes.minutes_state == "draft"  # the chair approved version 1 only
    answer(board, board.chair)
    board.minutes.refresh_from_db()
    assert board.minutes.minutes_state == "adjusted"
    assert set(board.minutes.adjusters.split(" och ")) == {str(p) for p in board.adjusters}
    with pytest.raises(ValidationError, match="inte på ditt svar"):
        answer(board, board.chair)


def test_only_the_named_signers_answer_and_see_the_round(board, scene, send):
    send(start, board=board)
    url = reverse("meetings:minutes_adjusting", args=[board.minutes.pk])
    pdf = reverse("meetings:minutes_version_pdf", args=[board.minutes.pk, 1])
    for outsider in (scene.chair_a, scene.director_a):
        assert as_(outsider).get(url).status_code == 404
        assert as_(outsider).get(pdf).status_code == 404
    with pytest.raises(ValidationError):
        answer(board, scene.chair_a)
    kurt = as_(board.adjusters[0])
    page = kurt.get(url).content.decode()
    assert "§ 1 Mötet öppnades." in page and board.minutes.versions.get().sha256 in page
    assert kurt.get(pdf).content == bytes(board.minutes.versions.get().content)
    response = kurt.post(
        url,
        {"answer": "justera", "comment": "", "sha256": board.minutes.versions.get().sha256},
        follow=True,
    )
    assert "Ditt svar är registrerat." in response.content.decode()
    recorded = board.minutes.versions.get().answers.get()
    assert recorded.signer.person == board.adjusters[0]
    assert recorded.user == board.adjusters[0].user and recorded.answer == "justerat"
    assert recorded.login_method == "en session utan registrerad inloggningsmetod"
    assert "Du har justerat version 1" in kurt.get(url).content.decode()


def test_the_published_minutes_are_sealed_and_a_changed_byte_is_found(board, send):
    send(start, board=board)
    for person in (board.chair, *board.adjusters):
        answer(board, person)
    services.minutes_publish_sealed(document=board.minutes)
    sealed = SealedMinutes.objects.get(document=board.minutes)
    content = bytes(sealed.content)
    assert sealed.sha256 == hashlib.sha256(content).hexdigest()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Mötet öppnades" in text and "Justering" in text
    assert sealed.version.sha256 in " ".join(text.split())
    assert str(board.adjusters[1]) in text
    assert validated(content) == (True, True)
    tampered = bytearray(content)
    tampered[len(content) // 3] ^= 0x01  # one byte of the signed minutes
    assert validated(bytes(tampered))[0] is False


def validated(content: bytes) -> tuple[bool, bool]:
    """(intact, valid) of the PDF's one signature, trusting the portal's own certificate."""
    from asn1crypto import pem, x509

    _key, cert_file = seal_files()
    _type, _headers, der = pem.unarmor(cert_file.read_bytes())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    [signature] = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
    status = validate_pdf_signature(signature, context)
    return status.intact, status.valid


def test_sealed_minutes_never_change_and_are_what_members_download(board, send, staff_client):
    send(start, board=board)
    for person in (board.chair, *board.adjusters):
        answer(board, person)
    services.minutes_publish_sealed(document=board.minutes)
    sealed = SealedMinutes.objects.get()
    with pytest.raises(SealedMinutesError):
        sealed.save()
    with pytest.raises(SealedMinutesError):
        sealed.delete()
    with pytest.raises(SealedMinutesError):
        SealedMinutes.objects.filter(pk=sealed.pk).update(sha256="0" * 64)
    refused = pytest.raises(DatabaseError)
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_sealedminutes SET sha256 = %s", ["0" * 64])
    refused = pytest.raises(DatabaseError)
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_sealedminutes")
    download = staff_client.get(reverse("meetings:document", args=[board.minutes.pk]))
    assert b"".join(download.streaming_content) == bytes(sealed.content)


def test_the_signers_find_the_minutes_on_their_start_page_until_they_answer(board, scene, send):
    send(start, board=board)
    kurt = as_(board.adjusters[0])
    assert "Justera protokollet från Styrelsemöte, 2026-10-20" in kurt.get("/").content.decode()
    assert "Protokoll att justera" not in as_(scene.chair_a).get("/").content.decode()
    answer(board, board.adjusters[0])
    assert "Protokoll att justera" not in kurt.get("/").content.decode()
    answer(board, board.adjusters[1], approve=False, comment="Fel datum.")
    revise(board, "§ 1 Mötet öppnades kl. 8.30.")
    send(start, board=board)  # version 2: asked again
    assert "Protokoll att justera" in kurt.get("/").content.decode()


def test_staff_send_the_round_from_the_admin_and_see_who_answered(board, scene, staff_client, send):
    Invitation.objects.bulk_create(
        Invitation(meeting=board.meeting, person=person, capacity="invited")
        for person in (board.chair, *board.adjusters)
    )
    url = reverse("admin:meetings_meetingdocument_send_round", args=[board.minutes.pk])
    form = staff_client.get(url).content.decode()
    assert str(board.chair) in form and "Mötets ordförande" in form
    data = {"chair": board.chair.pk, "adjusters": [p.pk for p in board.adjusters]}
    response = staff_client.post(url, data, follow=True)
    assert "Version 1 är skickad för justering." in response.content.decode()
    answer(board, board.adjusters[0], approve=False, comment="Rätta datumet.")
    change = reverse("admin:meetings_meetingdocument_change", args=[board.minutes.pk])
    page = staff_client.get(change).content.decode()
    assert "Återremitterat" in page and "Rätta datumet." in page
    assert board.minutes.versions.get().sha256 in page
    again = staff_client.post(url, {**data, "adjusters": [board.adjusters[1].pk]}, follow=True)
    assert "Någon har redan svarat" in again.content.decode()
    told = OutboxMessage.objects.get(category="minutes_adjusting", to=scene.staff.email)
    assert "Rätta datumet." in told.body_text
