"""Fee schedules and invoice runs in the admin: what a year is invoiced by, and its runs."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.forms import SPACED_NUMBERS
from nns_portal.outbox import outbox_progress_text

from ..models import (
    FeeSchedule,
    Invoice,
    InvoiceRun,
)
from . import selectors, services
from .forms import FeeScheduleForm, InvoiceRunForm


@admin.register(FeeSchedule)
class FeeScheduleAdmin(SimpleHistoryAdmin):
    form = FeeScheduleForm
    formfield_overrides = SPACED_NUMBERS
    list_display = [
        "year",
        "membership_fee",
        "service_fee_per_mille",
        "indicator_fee",
        "payment_terms_days",
        "vat_percent",
    ]
    fieldsets = [
        (
            gettext_lazy("Fees"),
            {
                "fields": [
                    "year",
                    "membership_fee",
                    "service_fee_per_mille",
                    "indicator_fee",
                    "payment_terms_days",
                    "late_interest_text",
                ]
            },
        ),
        (gettext_lazy("VAT"), {"fields": ["vat_percent", "vat_exemption_text"]}),
        (
            gettext_lazy("NNS on the invoice"),
            {
                "fields": [
                    "seller_name",
                    "seller_address",
                    "seller_org_number",
                    "seller_bankgiro",
                    "seller_email",
                    "seller_reference",
                ]
            },
        ),
        (
            gettext_lazy("Accounts in the SIE export"),
            {
                "fields": [
                    "account_bank",
                    "account_receivable",
                    "account_membership_fee",
                    "account_service_fee",
                    "account_indicator_fee",
                    "account_vat",
                ]
            },
        ),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: FeeSchedule | None = None) -> bool:
        if obj is not None and Invoice.objects.filter(fee_year=obj.year).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(InvoiceRun)
class InvoiceRunAdmin(admin.ModelAdmin):
    form = InvoiceRunForm
    list_display = ["__str__", "issued_on", "status", "progress", "problem_count", "started_by"]
    readonly_fields = [
        "fee_year",
        "issued_on",
        "send_by_email",
        "status",
        "progress",
        "problem_list",
        "email_progress",
        "invoices_link",
        "started_by",
        "started_at",
        "finished_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: InvoiceRun | None = None) -> list:
        return self.readonly_fields if obj else []

    def get_fields(self, request: HttpRequest, obj: InvoiceRun | None = None) -> list:
        return (
            self.readonly_fields
            if obj
            else ["fee_year", "issued_on", "send_by_email", "confirmed_count"]
        )

    def has_delete_permission(self, request: HttpRequest, obj: InvoiceRun | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: InvoiceRun | None = None) -> bool:
        """A run is started, then followed: its page has nothing to save."""
        return obj is None and super().has_change_permission(request, obj)

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: object, **kwargs: object
    ) -> HttpResponse:
        """The question before a run that sends is a question, not an error ("Fel:")."""
        if context["adminform"].form.recipients:
            context["errors"] = []
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: InvoiceRun, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            return
        run = services.invoice_run_start(
            fee_year=obj.fee_year,
            issued_on=obj.issued_on,
            send_by_email=obj.send_by_email,
            user=request.user,
        )
        obj.pk, obj.started_at = run.pk, run.started_at

    @admin.display(description=gettext_lazy("issued"))
    def progress(self, run: InvoiceRun) -> str:
        return _("%(issued)s of %(total)s") % {"issued": run.issued, "total": run.to_invoice}

    @admin.display(description=gettext_lazy("problems"))
    def problem_count(self, run: InvoiceRun) -> int:
        return len(run.problems)

    @admin.display(description=gettext_lazy("not invoiced"))
    def problem_list(self, run: InvoiceRun) -> str:
        if not run.problems:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((p["association"], p["message"]) for p in run.problems),
            ),
        )

    @admin.display(description=gettext_lazy("e-mail"))
    def email_progress(self, run: InvoiceRun) -> str:
        return outbox_progress_text(
            counts=selectors.run_email_progress(run=run),
            expected=selectors.run_email_expected(run=run),
        )

    @admin.display(description=gettext_lazy("invoices"))
    def invoices_link(self, run: InvoiceRun) -> str:
        url = reverse("admin:budget_invoice_changelist") + f"?run__id__exact={run.pk}"
        zip_url = reverse("admin:budget_invoice_zip", args=[run.fee_year])
        ubl_zip_url = reverse("admin:budget_invoice_ubl_zip", args=[run.fee_year])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            url,
            _("The run's invoices"),
            zip_url,
            _("PDFs of %(year)s as ZIP") % {"year": run.fee_year},
            ubl_zip_url,
            _("E-invoices of %(year)s as ZIP") % {"year": run.fee_year},
        )
