"""The bank's payment files in the admin: upload, preview, then register on confirmation."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nns_portal.admin import admin_form_page

from ..models import PaymentFile
from .bank_payments import Outcome, matches_summary
from .payment_files import (
    payment_file_progress,
    payment_file_read,
    payment_file_register_start,
    payment_file_upload,
    payment_files_unmatched_handled,
)

# Rows of the preview that pay their invoice exactly, shown before the rest are only counted:
# what needs a look (partial, over-paid, unmatched…) is always listed in full.
PREVIEW_PAID_ROWS = 200


class PaymentFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Payment file (BgMax)"),
        help_text=gettext_lazy(
            "The file of received bankgiro payments (Bankgiro Inbetalningar) as the bank "
            "delivers it. You see what it would register before anything is registered."
        ),
    )


@admin.register(PaymentFile)
class PaymentFileAdmin(admin.ModelAdmin):
    list_display = [
        "name", "uploaded_at", "uploaded_by", "registered_at", "registered", "unmatched",
        "unmatched_handled_at",
    ]  # fmt: skip
    list_select_related = ["uploaded_by"]
    actions = ["mark_unmatched_handled"]

    @admin.action(
        description=gettext_lazy("Mark the unmatched payments as handled by hand"),
        permissions=["add"],  # who registers payments
    )
    def mark_unmatched_handled(self, request: HttpRequest, queryset: QuerySet[PaymentFile]) -> None:
        count = payment_files_unmatched_handled(payment_files=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d file's unmatched payments are marked as handled.",
                "%(count)d files' unmatched payments are marked as handled.",
                count,
            )
            % {"count": count},
        )

    def has_change_permission(self, request: HttpRequest, obj: PaymentFile | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PaymentFile | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("budget.add_payment")

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/registrera/",
                view(self.register_view),
                name="budget_paymentfile_register",
            ),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, **context: object) -> dict[str, object]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **context}

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PaymentFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                payment_file = payment_file_upload(
                    name=upload.name, content=upload.read(), user=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("admin:budget_paymentfile_change", payment_file.pk)
        return admin_form_page(
            request,
            model_admin=self,
            title=_("Import a payment file"),
            form=form,
            form_id="payment-file-form",
            submit_label=_("Read the file"),
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ):
        if not self.has_view_permission(request):
            raise PermissionDenied
        payment_file = get_object_or_404(PaymentFile, pk=object_id)
        matches = payment_file_read(
            content=bytes(payment_file.content), payment_file_id=payment_file.pk
        )
        paid = [m for m in matches if m.outcome == Outcome.PAID]
        shown = [m for m in matches if m.outcome != Outcome.PAID or m in paid[:PREVIEW_PAID_ROWS]]
        registering = payment_file.registering_since is not None
        return TemplateResponse(
            request,
            "admin/budget/paymentfile/preview.html",
            self._context(
                request,
                title=_("Payment file %(name)s") % {"name": payment_file.name},
                payment_file=payment_file,
                matches=shown,
                not_shown=len(matches) - len(shown),
                summary=matches_summary(matches),
                registering=registering and payment_file.registered_at is None,
                progress=payment_file_progress(payment_file=payment_file),
                can_register=payment_file.registered_at is None
                and not registering
                and self.has_add_permission(request),
            ),
        )

    def register_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return redirect("admin:budget_paymentfile_change", pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        payment_file = get_object_or_404(PaymentFile, pk=pk)
        try:
            payment_file_register_start(payment_file_id=payment_file.pk, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("The file's matched payments are being registered."))
        return redirect("admin:budget_paymentfile_change", pk)
