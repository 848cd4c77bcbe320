import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..adjusting.models import SealedMinutes
from . import selectors


@login_required
@require_GET
def document(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting document, to those who may see it (see selectors)."""
    found = selectors.document_get_for_user(user=request.user, pk=pk)
    sealed = SealedMinutes.objects.filter(document=found).first()
    if sealed is not None:  # published minutes adjusted online: the sealed file
        return FileResponse(
            io.BytesIO(bytes(sealed.content)),
            as_attachment=True,
            filename=found.filename,
            content_type="application/pdf",
        )
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=found.mimetype,
    )


@login_required
@require_GET
def minutes_archive(request: HttpRequest) -> HttpResponse:
    minutes = selectors.published_minutes(user=request.user)
    return render(request, "meetings/minutes_archive.html", {"minutes": minutes})
