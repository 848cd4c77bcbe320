from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services


@login_required
@require_GET
def letter_archive(request: HttpRequest) -> HttpResponse:
    letters = selectors.letters_for_user(user=request.user)
    return render(request, "meetings/letter_archive.html", {"letters": letters})


@login_required
@require_GET
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    reading = selectors.letter_reading(letter=letter)
    return render(request, "meetings/letter_detail.html", {"reading": reading})


@login_required
@require_GET
def letter_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = selectors.letter_attachment_get_for_user(
        user=request.user, letter_pk=pk, pk=attachment_pk
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.name}.pdf",
        content_type="application/pdf",
    )


@csrf_exempt  # the signed link is the key; a mail client's one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def letters_opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every letter: one click more, and no more letters by e-mail. A GET only shows
    the page (a link checker that follows it changes nothing); a POST, from the page or from a
    mail client's one-click unsubscribe (RFC 8058), stops the letters."""
    try:
        person = services.person_for_opt_out_token(token)
    except signing.BadSignature:
        return render(request, "meetings/rsvp_invalid.html", status=400)
    done = request.method == "POST"
    if done:
        services.letters_opt_out(person=person)
    return render(request, "meetings/letters_opt_out.html", {"person": person, "done": done})
