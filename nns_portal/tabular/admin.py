"""Import (with a preview) and export of a kind of file in Django's admin."""

import base64

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .files import write_csv, write_xlsx
from .imports import ImportKind, ImportRejected, import_apply, import_preview

SIGNING_SALT = "members.import"  # the salt of the signed previews already handed out


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("CSV (UTF-8) or Excel (.xlsx).")
    )


class ImportExportMixin:
    """Adds "Import" and "Export" to a ModelAdmin's changelist for one kind of import."""

    import_kind: ImportKind
    change_list_template = "admin/members/change_list_import_export.html"

    def get_urls(self) -> list:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            path(
                "export/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name=f"{name}_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "import_url_name": f"admin:{opts.app_label}_{opts.model_name}_import",
            "export_url_name": f"admin:{opts.app_label}_{opts.model_name}_export",
            "may_import": self.has_add_permission(request) and self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        kind = self.import_kind
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import %(kind)s") % {"kind": kind.title},
            "columns": kind.columns,
        }
        if request.method == "POST" and "confirm" in request.POST:
            if "payload" not in request.POST:
                raise BadRequest("A confirmation without its preview.")
            try:
                payload = signing.loads(request.POST["payload"], salt=SIGNING_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, _("The preview has expired; upload the file again."))
                return redirect(request.path)
            content, filename = base64.b64decode(payload["content"]), payload["filename"]
            try:
                result = import_apply(kind=kind, content=content, filename=filename)
            except ImportRejected as rejected:
                context |= {"form": ImportUploadForm(), "errors": rejected.errors}
                return TemplateResponse(request, "admin/members/import.html", context)
            messages.success(
                request,
                _("Import done: %(created)s new, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            preview = import_preview(kind=kind, content=content, filename=upload.name)
            context["preview"] = preview
            context["errors"] = preview.errors
            if not preview.errors:
                context["payload"] = signing.dumps(
                    {"content": base64.b64encode(content).decode(), "filename": upload.name},
                    salt=SIGNING_SALT,
                    compress=True,
                )
        context["form"] = form
        return TemplateResponse(request, "admin/members/import.html", context)

    def export_view(self, request: HttpRequest, file_format: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        kind = self.import_kind
        stem = f"nns-{kind.name}-{timezone.localdate().isoformat()}"
        rows = kind.export_rows()
        if file_format == "xlsx":
            body = write_xlsx(header=kind.columns, rows=rows, title=str(kind.title))
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif file_format == "csv":
            body = write_csv(header=kind.columns, rows=rows)
            content_type = "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
        return response
