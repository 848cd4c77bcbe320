"""The budget's outcome in the admin: a bookkeeping file (SIE) uploaded, previewed with what it
would give each budget line and the accounts no line takes, and imported when staff confirm;
the accounts of each budget line, edited and moved as a file."""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.admin import admin_form_page
from nns_portal.tabular.admin import ImportExportMixin

from ..models import AccountRange, BudgetLine, SieImport
from .account_ranges import ACCOUNT_RANGES_KIND
from .outcome_import import sie_import, sie_preview

# An upload waits for the confirmation in the cache, not the database: nothing is written
# before staff confirm.
UPLOAD_SECONDS = 3600


class SieFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bookkeeping file (SIE 4)"),
        help_text=gettext_lazy(
            "The year's SIE 4 export from the bookkeeping system (Fortnox, Visma …). You see "
            "what it gives each line of the budget before anything is imported."
        ),
    )


def _upload_key(digest: str) -> str:
    return f"sie-upload:{digest}"


@admin.register(SieImport)
class SieImportAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "name", "last_month", "current", "imported_at", "imported_by"]
    list_filter = ["fiscal_year", "current"]
    list_select_related = ["imported_by"]
    exclude = ["content", "sha256"]

    def has_change_permission(self, request: HttpRequest, obj: SieImport | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SieImport | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("budget.add_sieimport")

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "bekrafta/<str:digest>/", view(self.confirm_view), name="budget_sieimport_confirm"
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SieFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                preview = sie_preview(content=content)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                digest = hashlib.sha256(content).hexdigest()
                cache.set(_upload_key(digest), (upload.name, content), UPLOAD_SECONDS)
                context = {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Import the bookkeeping of %(year)s")
                    % {"year": preview.sie.fiscal_year[0].year},
                    "preview": preview,
                    "confirm_url": reverse("admin:budget_sieimport_confirm", args=[digest]),
                }
                return TemplateResponse(request, "admin/budget/sieimport/preview.html", context)
        return admin_form_page(
            request,
            model_admin=self,
            title=_("Import a bookkeeping file (SIE)"),
            form=form,
            form_id="sie-file-form",
            submit_label=_("Read the file"),
        )

    def confirm_view(self, request: HttpRequest, digest: str) -> HttpResponse:
        if request.method != "POST":
            return redirect("admin:budget_sieimport_add")
        if not self.has_add_permission(request):
            raise PermissionDenied
        uploaded = cache.get(_upload_key(digest))
        if uploaded is None:
            self.message_user(
                request, _("The upload has expired: read the file again."), messages.ERROR
            )
            return redirect("admin:budget_sieimport_add")
        name, content = uploaded
        try:
            imported = sie_import(name=name, content=content, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect("admin:budget_sieimport_add")
        cache.delete(_upload_key(digest))
        self.message_user(
            request,
            _("The bookkeeping of %(year)s is the budget's outcome now.")
            % {"year": imported.fiscal_year},
        )
        return redirect(reverse("budget:outcome") + f"?ar={imported.fiscal_year}")


@admin.register(AccountRange)
class AccountRangeAdmin(ImportExportMixin, SimpleHistoryAdmin):
    import_kind = ACCOUNT_RANGES_KIND
    list_display = ["first", "last", "line"]
    list_select_related = ["line__parent"]
    ordering = ["first"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "line":
            kwargs["queryset"] = BudgetLine.objects.filter(is_group=False).select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
