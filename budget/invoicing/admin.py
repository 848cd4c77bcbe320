"""Invoices and credit notes in the admin: their list, lines, payments, e-mails, PDFs and UBL,
credit notes, and the year's files (ZIP, SIE)."""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from members.admin import OrgNumberSearchMixin
from members.orgnr import format_orgnr
from nns_portal.admin import TabularInline
from nns_portal.forms import SPACED_NUMBERS
from nns_portal.mass_email import Recipient, mass_email_confirmation, mass_email_confirmed

from ..models import (
    EinvoiceDelivery,
    Invoice,
    InvoiceLine,
    InvoiceReminder,
    Payment,
)
from ..templatetags.money import kronor
from . import emails, selectors, services
from .einvoices import einvoices_zip, invoice_ubl
from .filenames import einvoice_filename, invoice_pdf_filename
from .forms import CreditForm, SieForm
from .pdf import invoice_pdf, invoices_zip
from .selectors import Status, balance_due_filter, status_filter, status_of, with_payments
from .sie import sie_export

# Every invoice with something left to pay after its due date, whatever was paid of it.
PAST_DUE = "past_due"


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [*Status.choices, (PAST_DUE, _("Past due, partly paid included"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
        if self.value() == PAST_DUE:
            return queryset.filter(balance_due_filter(today=timezone.localdate()))
        if self.value() in Status.values:
            return queryset.filter(status_filter(self.value()))
        return queryset


class InvoiceLineInline(TabularInline):
    model = InvoiceLine
    fields = ["description_text", "amount_text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("lines")

    def has_add_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("description"))
    def description_text(self, line: InvoiceLine) -> str:
        return line.description()

    @admin.display(description=gettext_lazy("amount"))
    def amount_text(self, line: InvoiceLine) -> str:
        return kronor(line.amount)


class PaymentInline(TabularInline):
    """Registered payments are shown as they were registered; new ones are added (through
    ``payment_register``) and mistaken ones removed (through ``payment_remove``)."""

    formfield_overrides = SPACED_NUMBERS
    model = Payment
    fields = ["paid_on", "amount", "note", "registered_by", "registered_at"]
    readonly_fields = ["registered_by", "registered_at"]
    extra = 1

    def has_change_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False

    def get_extra(self, request: HttpRequest, obj: Invoice | None = None, **kwargs: object) -> int:
        return 0 if obj is None or obj.is_credit_note else 1


class InvoiceReminderInline(TabularInline):
    model = InvoiceReminder
    fields = ["ordinal", "queued_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(OrgNumberSearchMixin, admin.ModelAdmin):
    """Issued invoices are read-only: staff register payments, credit, e-mail and export."""

    list_display = [
        "number",
        "kind",
        "association",
        "fee_year",
        "issued_on",
        "due_on",
        "amount",
        "paid_amount",
        "left_to_pay",
        "status",
    ]
    list_filter = [StatusFilter, "kind", "fee_year", "run"]
    search_fields = ["number", "ocr", "buyer_name", "buyer_org_number", "association__name"]
    list_select_related = ["association"]
    date_hierarchy = "issued_on"
    actions = ["email_invoices", "email_invoices_again", "remind_now"]
    inlines = [InvoiceLineInline, PaymentInline, InvoiceReminderInline]
    fields = [
        "number",
        "kind",
        "status",
        "association",
        "fee_year",
        "issued_on",
        "due_on",
        "ocr",
        "amount",
        "paid_amount",
        "left_to_pay",
        "related",
        "reason",
        "buyer_name",
        "buyer_address",
        "buyer_org_number_display",
        "buyer_reference",
        "buyer_order_number",
        "buyer_peppol_id",
        "email_status",
        "einvoice_status",
        "issued_by",
        "pdf_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invoice]:
        return with_payments(super().get_queryset(request))

    @admin.display(description=gettext_lazy("buyer's organisation number"))
    def buyer_org_number_display(self, invoice: Invoice) -> str:
        return format_orgnr(invoice.buyer_org_number)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Invoice, form: forms.ModelForm, change: bool
    ) -> None:
        """The invoice itself never changes; only its payments are saved (as inlines)."""

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Only payments are written here, each through its service."""
        formset.save(commit=False)  # sorts the forms into new and deleted, writes nothing
        for payment in formset.deleted_objects:
            services.payment_remove(payment=payment)
        for payment in formset.new_objects:
            services.payment_register(
                invoice=form.instance,
                paid_on=payment.paid_on,
                amount=payment.amount,
                note=payment.note,
                user=request.user,
            )

    @admin.display(description=gettext_lazy("amount"), ordering="total_amount")
    def amount(self, invoice: Invoice) -> str:
        return kronor(invoice.total_amount)

    @admin.display(description=gettext_lazy("paid"))
    def paid_amount(self, invoice: Invoice) -> str:
        return "" if invoice.is_credit_note else kronor(invoice.paid)

    @admin.display(description=gettext_lazy("left to pay"))
    def left_to_pay(self, invoice: Invoice) -> str:
        if invoice.is_credit_note or invoice.is_credited:
            return ""
        left = invoice.total_amount - invoice.paid
        if left < 0:
            return _("%(amount)s too much") % {"amount": kronor(-left)}
        return kronor(left)

    @admin.display(description=gettext_lazy("status"))
    def status(self, invoice: Invoice) -> str:
        return status_of(invoice).label

    @admin.display(description=gettext_lazy("credit note and replacement"))
    def related(self, invoice: Invoice) -> str:
        links = []
        for label, other in [
            (_("Credits"), invoice.credits),
            (_("Credited by"), Invoice.objects.filter(credits=invoice).first()),
            (_("Replaces"), invoice.replaces),
            (_("Replaced by"), Invoice.objects.filter(replaces=invoice).first()),
        ]:
            if other is not None:
                url = reverse("admin:budget_invoice_change", args=[other.pk])
                links.append((label, url, other.number))
        return format_html_join(" · ", '{} <a href="{}">{}</a>', links) or "–"

    @admin.display(description=gettext_lazy("e-mail"))
    def email_status(self, invoice: Invoice) -> str:
        message = selectors.invoice_email_message(invoice=invoice)
        if message is None:
            return _("Not e-mailed")
        status = f"{message.get_status_display()}: {message.to}"
        if again := selectors.invoice_email_resent_count(invoice=invoice):
            status += " · " + ngettext("sent again once", "sent again %(count)d times", again) % {
                "count": again
            }
        return status

    @admin.display(description=gettext_lazy("e-invoice"))
    def einvoice_status(self, invoice: Invoice) -> str:
        delivery = EinvoiceDelivery.objects.filter(invoice=invoice).first()
        if delivery is None:
            return _("Not sent as e-invoice")
        return _("Handed to %(transport)s %(when)s: %(receipt)s") % {
            "transport": delivery.transport,
            "when": timezone.localtime(delivery.delivered_at).strftime("%Y-%m-%d %H:%M"),
            "receipt": delivery.receipt,
        }

    @admin.display(description=gettext_lazy("documents"))
    def pdf_link(self, invoice: Invoice) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> ({})',
            reverse("admin:budget_invoice_pdf", args=[invoice.pk]),
            invoice_pdf_filename(invoice),
            reverse("admin:budget_invoice_ubl", args=[invoice.pk]),
            einvoice_filename(invoice),
            _("e-invoice, Peppol BIS Billing 3.0"),
        )

    def _confirm(
        self,
        request: HttpRequest,
        queryset: QuerySet[Invoice],
        *,
        invoices: list[Invoice],
        action: str,
        what: str,
    ) -> TemplateResponse:
        """The confirmation page of an e-mail action: ``invoices`` are those it would send."""
        return mass_email_confirmation(
            request,
            model_admin=self,
            what=what,
            recipients=[
                Recipient(f"{invoice.number} {invoice.association}", address)
                for invoice in invoices
                if (address := emails.invoice_address(invoice.association))
            ],
            cancel_url=reverse("admin:budget_invoice_changelist"),
            action=action,
            selected=queryset.values_list("pk", flat=True),
        )

    @admin.action(
        description=gettext_lazy("E-mail the selected invoices with their PDF"),
        permissions=["change"],
    )
    def email_invoices(
        self, request: HttpRequest, queryset: QuerySet[Invoice]
    ) -> TemplateResponse | None:
        if not mass_email_confirmed(request):
            return self._confirm(
                request,
                queryset,
                invoices=selectors.invoices_not_emailed(
                    list(queryset.select_related("association"))
                ),
                action="email_invoices",
                what=_(
                    "their invoice with its PDF (once: one e-mailed already is not sent again)."
                ),
            )
        ids = list(queryset.values_list("pk", flat=True))
        services.invoices_email(invoice_ids=ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d invoice is being e-mailed "
                "(once: one already e-mailed is not sent again).",
                "%(count)d invoices are being e-mailed "
                "(once: those already e-mailed are not sent again).",
                len(ids),
            )
            % {"count": len(ids)},
        )
        return None

    @admin.action(
        description=gettext_lazy("Send the selected invoices again by e-mail"),
        permissions=["change"],
    )
    def email_invoices_again(
        self, request: HttpRequest, queryset: QuerySet[Invoice]
    ) -> TemplateResponse | None:
        if not mass_email_confirmed(request):
            return self._confirm(
                request,
                queryset,
                invoices=list(queryset.select_related("association")),
                action="email_invoices_again",
                what=_("their invoice with its PDF again, as a new e-mail."),
            )
        queued = sum(
            services.invoice_email_resend(invoice_id=pk)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d invoice is sent again by e-mail.",
                "%(count)d invoices are sent again by e-mail.",
                queued,
            )
            % {"count": queued},
        )
        return None

    @admin.action(
        description=gettext_lazy("Send a reminder now of the selected overdue invoices"),
        permissions=["change"],
    )
    def remind_now(
        self, request: HttpRequest, queryset: QuerySet[Invoice]
    ) -> TemplateResponse | None:
        ids = list(queryset.values_list("pk", flat=True))
        if not mass_email_confirmed(request):
            due = selectors.reminders_now(invoice_ids=ids, today=timezone.localdate())
            return self._confirm(
                request,
                queryset,
                invoices=[invoice for invoice, _ordinal in due],
                action="remind_now",
                what=_(
                    "a reminder of their overdue invoice with its PDF (at most two reminders an "
                    "invoice; paid, credited and not yet due invoices are left out)."
                ),
            )
        queued = services.reminders_send_now(invoice_ids=ids)
        self.message_user(
            request,
            ngettext("%(count)d reminder is sent.", "%(count)d reminders are sent.", queued)
            % {"count": queued},
        )
        return None

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/pdf/", view(self.pdf_view), name="budget_invoice_pdf"),
            path("<int:pk>/kreditera/", view(self.credit_view), name="budget_invoice_credit"),
            path("zip/<int:year>/", view(self.zip_view), name="budget_invoice_zip"),
            path("<int:pk>/efaktura/", view(self.ubl_view), name="budget_invoice_ubl"),
            path("efakturor/<int:year>/", view(self.ubl_zip_view), name="budget_invoice_ubl_zip"),
            path("sie/", view(self.sie_view), name="budget_invoice_sie"),
            *super().get_urls(),
        ]

    def _invoice(self, request: HttpRequest, pk: int) -> Invoice:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Invoice, pk=pk)

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        invoice = self._invoice(request, pk)
        response = HttpResponse(invoice_pdf(invoice=invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{invoice_pdf_filename(invoice)}"'
        return response

    def ubl_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        invoice = self._invoice(request, pk)
        response = HttpResponse(invoice_ubl(invoice=invoice), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{einvoice_filename(invoice)}"'
        return response

    def ubl_zip_view(self, request: HttpRequest, year: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(einvoices_zip(fee_year=year), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="efakturor-{year}.zip"'
        return response

    def credit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        invoice = self._invoice(request, pk)
        if not self.has_change_permission(request, invoice):
            raise PermissionDenied
        form = CreditForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                credit_note, replacement = services.invoice_credit(
                    invoice=invoice,
                    reason=form.cleaned_data["reason"],
                    issued_on=timezone.localdate(),
                    issued_by=request.user.email,
                    reissue=form.cleaned_data["reissue"],
                    send_by_email=form.cleaned_data["send_by_email"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Invoice %(number)s is credited by %(credit)s.")
                    % {"number": invoice.number, "credit": credit_note.number}
                    + (
                        " " + _("New invoice: %(number)s.") % {"number": replacement.number}
                        if replacement
                        else ""
                    ),
                )
                return redirect("admin:budget_invoice_change", (replacement or credit_note).pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Credit invoice %(number)s") % {"number": invoice.number},
            "invoice": invoice,
            "form": form,
        }
        return TemplateResponse(request, "admin/budget/credit.html", context)

    def zip_view(self, request: HttpRequest, year: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(invoices_zip(fee_year=year), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="fakturor-{year}.zip"'
        return response

    def sie_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = SieForm(
            request.POST or None, initial={"start": datetime.date(today.year, 1, 1), "end": today}
        )
        if request.method == "POST" and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            try:
                content = sie_export(start=start, end=end)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = HttpResponse(content, content_type="text/plain; charset=cp437")
                # An import file (SIE 4I) is named .SI, as the format says.
                filename = f"nns-fakturor-{start:%Y%m%d}-{end:%Y%m%d}.SI"
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("SIE export of invoices"),
            "form": form,
        }
        return TemplateResponse(request, "admin/budget/sie.html", context)
