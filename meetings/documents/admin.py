"""Staff attach documents to meetings and take minutes from draft through adjusted to
published."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from members.models import User
from nns_portal.admin import LabelledInlineFormSet, TabularInline, admin_form_page
from nns_portal.forms import LineField

from ..adjusting.admin import adjusting_summary, send_round_view
from ..adjusting.services import minutes_publish_sealed
from ..models import Meeting
from . import services
from .models import MeetingDocument


class MeetingDocumentForm(forms.ModelForm):
    """A document's file is checked by its content and size before it is kept; saving goes
    through the services (``document_save``), as every other write of a document."""

    class Meta:
        model = MeetingDocument
        fields = ["kind", "title", "file"]
        # Files are served by the portal's own view, which checks who asks: no link to storage.
        widgets = {"file": forms.FileInput}

    def upload(self) -> UploadedFile | None:
        return self.files.get(self.add_prefix("file"))

    def clean(self) -> dict[str, object]:
        data = super().clean()
        stored = self.instance if self.instance.pk else None
        kind = data.get("kind") or self.instance.kind
        try:
            services.document_check(document=stored, kind=kind, upload=self.upload())
        except ValidationError as error:
            self.add_error("file", error)
        return data


def document_save(
    *, form: MeetingDocumentForm, meeting: Meeting, user: User | None
) -> MeetingDocument:
    """Save a valid document form through the services: a new document, or a change."""
    data = form.cleaned_data
    if form.instance.pk is None:
        return services.document_add(
            meeting=meeting, kind=data["kind"], title=data["title"], upload=form.upload(),
            user=user,
        )  # fmt: skip
    return services.document_update(
        document=form.instance, kind=data["kind"], title=data["title"], upload=form.upload()
    )


class MeetingDocumentFormSet(LabelledInlineFormSet):
    """A meeting's documents on its admin page, each saved through the services."""

    user: User | None = None

    def save_new(self, form: MeetingDocumentForm, commit: bool = True) -> MeetingDocument:
        return document_save(form=form, meeting=self.instance, user=self.user)

    def save_existing(
        self, form: MeetingDocumentForm, obj: MeetingDocument, commit: bool = True
    ) -> MeetingDocument:
        return document_save(form=form, meeting=self.instance, user=self.user)


def download_link(document: MeetingDocument) -> str:
    if not document.pk:
        return "–"
    return format_html(
        '<a href="{}">{}</a>', reverse("meetings:document", args=[document.pk]), document.filename
    )


class MeetingDocumentInline(TabularInline):
    model = MeetingDocument
    form = MeetingDocumentForm
    formset = MeetingDocumentFormSet
    fields = ["kind", "title", "file", "download", "minutes_state"]
    readonly_fields = ["download", "minutes_state"]
    extra = 1

    @admin.display(description=gettext_lazy("file now"))
    def download(self, document: MeetingDocument) -> str:
        return download_link(document)

    def get_formset(self, request: HttpRequest, obj: Meeting | None = None, **kwargs: object):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset


class AdjustForm(forms.Form):
    adjusters = LineField(
        label=gettext_lazy("Adjusted by"),
        max_length=300,
        help_text=gettext_lazy("The adjusters named in the minutes, e.g. Anna Ek and Bo Lind."),
    )
    adjusted_on = forms.DateField(label=gettext_lazy("Adjusted on"), widget=AdminDateWidget)


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(SimpleHistoryAdmin):
    form = MeetingDocumentForm
    list_display = ["title", "meeting", "kind", "minutes_state", "added_at"]
    list_filter = ["kind", "minutes_state"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]
    fields = ["meeting", "kind", "title", "file", "download", "minutes", "adjusting_online"]
    readonly_fields = ["download", "minutes", "adjusting_online"]

    @admin.display(description=gettext_lazy("file now"))
    def download(self, document: MeetingDocument) -> str:
        return download_link(document)

    @admin.display(description=gettext_lazy("minutes"))
    def minutes(self, document: MeetingDocument) -> str:
        if not document.is_minutes:
            return "–"
        State = MeetingDocument.MinutesState
        state = document.get_minutes_state_display()
        if document.minutes_state == State.DRAFT:
            return format_html(
                '{} · <a href="{}">{}</a>',
                state,
                reverse("admin:meetings_meetingdocument_adjust", args=[document.pk]),
                _("Record the adjustment"),
            )
        adjusted = _("adjusted %(day)s by %(names)s") % {
            "day": document.adjusted_on.isoformat(),
            "names": document.adjusters,
        }
        if document.minutes_state == State.ADJUSTED:
            return format_html(
                '{}, {} · <a href="{}">{}</a>',
                state,
                adjusted,
                reverse("admin:meetings_meetingdocument_publish", args=[document.pk]),
                _("Publish to the members"),
            )
        published = timezone.localtime(document.published_at).strftime("%Y-%m-%d %H:%M")
        return f"{state} {published}, {adjusted}"

    @admin.display(description=gettext_lazy("adjusting online"))
    def adjusting_online(self, document: MeetingDocument) -> str:
        return adjusting_summary(document)

    def get_fields(self, request: HttpRequest, obj: MeetingDocument | None = None) -> list:
        return self.fields if obj else ["meeting", "kind", "title", "file"]

    def save_model(
        self, request: HttpRequest, obj: MeetingDocument, form: forms.Form, change: bool
    ) -> None:
        meeting = obj.meeting if change else form.cleaned_data["meeting"]
        obj.pk = document_save(form=form, meeting=meeting, user=request.user).pk

    def get_readonly_fields(self, request: HttpRequest, obj: MeetingDocument | None = None) -> list:
        return [*self.readonly_fields, "meeting"] if obj else self.readonly_fields

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/justera/", view(self.adjust_view), name="meetings_meetingdocument_adjust"
            ),
            path(
                "<int:pk>/skicka-for-justering/",
                view(self.send_round_view),
                name="meetings_meetingdocument_send_round",
            ),
            path(
                "<int:pk>/publicera/",
                view(self.publish_view),
                name="meetings_meetingdocument_publish",
            ),
            *super().get_urls(),
        ]

    def _minutes(self, request: HttpRequest, pk: int) -> MeetingDocument:
        document = get_object_or_404(MeetingDocument, pk=pk, kind=MeetingDocument.Kind.MINUTES)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        return document

    def adjust_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._minutes(request, pk)
        form = AdjustForm(request.POST or None, initial={"adjusted_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.minutes_adjust(
                    document=document,
                    adjusters=form.cleaned_data["adjusters"],
                    on=form.cleaned_data["adjusted_on"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The minutes are recorded as adjusted."))
                return redirect("admin:meetings_meetingdocument_change", document.pk)
        return admin_form_page(
            request,
            model_admin=self,
            title=_("Adjusted minutes: %(document)s") % {"document": document},
            form=form,
            form_id="adjust-form",
            submit_label=_("Record the adjustment"),
        )

    def send_round_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return send_round_view(self, request, self._minutes(request, pk))

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._minutes(request, pk)
        if request.method == "POST":
            try:
                minutes_publish_sealed(document=document)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("The minutes are published to every member."))
            return redirect("admin:meetings_meetingdocument_change", document.pk)
        return admin_form_page(
            request,
            model_admin=self,
            title=_("Publish the minutes: %(document)s") % {"document": document},
            form=forms.Form(),
            form_id="publish-form",
            submit_label=_("Publish to every member"),
        )
