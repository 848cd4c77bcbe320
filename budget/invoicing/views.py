from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .filenames import invoice_pdf_filename
from .pdf import invoice_pdf


@login_required
@require_GET
def my_invoices(request: HttpRequest) -> HttpResponse:
    invoices = selectors.my_invoices(user=request.user)
    return render(request, "budget/my_invoices.html", {"invoices": invoices})


@login_required
@require_GET
def invoice_download(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(invoice_pdf(invoice=invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_pdf_filename(invoice)}"'
    response["Cache-Control"] = "private, no-store"
    return response
