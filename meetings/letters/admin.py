"""The letters in the admin: staff write, preview and send them, and follow the sending."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csp import csp_override
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.admin import TabularInline
from nns_portal.mass_email import Recipient, mass_email_confirmation, mass_email_confirmed
from nns_portal.outbox import outbox_progress_text
from nns_portal.params import integer_param

from ..followup.wording import letter_decisions_text
from ..models import Letter, LetterAttachment, Meeting, MeetingType
from . import selectors, services


class LetterAttachmentInline(TabularInline):
    model = LetterAttachment
    extra = 0


@admin.register(Letter)
class LetterAdmin(SimpleHistoryAdmin):
    """Staff write the letter, preview it as e-mail and as page, then send it to everyone."""

    list_display = ["title", "board_meeting", "status", "sent_at", "progress"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    list_select_related = ["board_meeting"]
    fields = ["board_meeting", "title", "body", "signed_by", "status", "progress"]
    readonly_fields = ["status", "progress"]
    autocomplete_fields = ["signed_by"]
    inlines = [LetterAttachmentInline]
    change_form_template = "admin/meetings/letter/change_form.html"

    def has_change_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        # A letter that has gone out is kept as it was sent.
        if obj is not None and obj.status != Letter.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        if obj is not None and obj.status != Letter.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A letter written after a board meeting starts from what the meeting decided."""
        initial = super().get_changeform_initial_data(request)
        meeting = Meeting.objects.filter(
            pk=integer_param(request.GET.get("board_meeting")),
            type__code=MeetingType.Code.BOARD,
        ).first()
        if meeting is not None and "body" not in initial:
            initial["body"] = letter_decisions_text(meeting=meeting)
        return initial

    @admin.display(description=gettext_lazy("sending"))
    def progress(self, letter: Letter) -> str:
        if not letter.pk or letter.status == Letter.Status.DRAFT:
            return "–"
        return outbox_progress_text(
            counts=selectors.letter_progress(letter=letter), expected=letter.expected
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/forhandsgranska/epost/",
                view(self.preview_email_view),
                name="meetings_letter_preview_email",
            ),
            path(
                "<int:pk>/forhandsgranska/sida/",
                view(self.preview_page_view),
                name="meetings_letter_preview_page",
            ),
            path("<int:pk>/skicka/", view(self.send_view), name="meetings_letter_send"),
            path("<int:pk>/forsok-igen/", view(self.retry_view), name="meetings_letter_retry"),
            *super().get_urls(),
        ]

    def _letter(self, request: HttpRequest, pk: int) -> Letter:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Letter.objects.select_related("board_meeting"), pk=pk)

    # The e-mail's HTML carries inline styles, as e-mail must; it never runs a script.
    @method_decorator(csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}))
    def preview_email_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        letter = self._letter(request, pk)
        return HttpResponse(selectors.letter_email_preview(letter=letter, to=request.user.email))

    def preview_page_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        reading = selectors.letter_reading(letter=self._letter(request, pk))
        return TemplateResponse(request, "meetings/letter_detail.html", {"reading": reading})

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The confirmation page with the number of recipients; sending once confirmed."""
        letter = self._letter(request, pk)
        if not super().has_change_permission(request, letter):
            raise PermissionDenied
        if letter.status == Letter.Status.SCHEDULED and request.method == "POST":
            services.letter_fan_out_resume(letter=letter)  # cut short: on to those missing
            self.message_user(request, _("The letter goes on to those it has not reached."))
            return redirect("admin:meetings_letter_change", letter.pk)
        try:
            services.letter_refuse_unless_sendable(letter=letter)
            if mass_email_confirmed(request):
                services.letter_send(letter=letter)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect("admin:meetings_letter_change", letter.pk)
        if not mass_email_confirmed(request):
            recipients = selectors.letter_recipients(on=timezone.localdate())
            return mass_email_confirmation(
                request,
                model_admin=self,
                title=_("Send %(letter)s") % {"letter": letter.title},
                what=_("the letter %(letter)s by e-mail.") % {"letter": letter.title},
                recipients=[Recipient(str(p), p.email) for p in recipients],
                cancel_url=reverse("admin:meetings_letter_change", args=[letter.pk]),
            )
        self.message_user(request, _("The letter is being sent to all members."))
        return redirect("admin:meetings_letter_change", letter.pk)

    def retry_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Re-sending writes: it needs the change permission, not only the view permission."""
        letter = self._letter(request, pk)
        if request.method != "POST" or not super().has_change_permission(request, letter):
            raise PermissionDenied
        if not mass_email_confirmed(request):
            failed = selectors.letter_failed_messages(letter=letter)
            return mass_email_confirmation(
                request,
                model_admin=self,
                what=_("the letter %(letter)s again (it failed to reach them).")
                % {"letter": letter.title},
                recipients=[Recipient(message.to, message.to) for message in failed],
                cancel_url=reverse("admin:meetings_letter_change", args=[letter.pk]),
            )
        count = services.letter_retry_failed(letter=letter)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
        )
        return redirect("admin:meetings_letter_change", letter.pk)
