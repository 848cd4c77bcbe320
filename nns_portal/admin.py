from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import ForeignKey, Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from . import outbox
from .mass_email import Recipient, mass_email_confirmation, mass_email_confirmed
from .models import OutboxAttachment, OutboxMessage


def admin_form_page(
    request: HttpRequest,
    *,
    model_admin: admin.ModelAdmin,
    title: str,
    form: forms.Form,
    form_id: str,
    submit_label: str,
) -> TemplateResponse:
    """A form of its own in the admin (a title, the form, one button), under a model's admin."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "form_id": form_id,
        "submit_label": submit_label,
    }
    return TemplateResponse(request, "admin/form_page.html", context)


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows the object its row already holds, instead of fetching the
    selected object again for every row (one query a row on a long inline)."""

    preloaded: Model | None = None

    def optgroups(self, name: str, value: list, attr: dict | None = None) -> list:
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.preloaded is None or chosen != [str(self.preloaded.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.preloaded)
        options.append(self.create_option(name, self.preloaded.pk, label, True, len(options)))
        return [(None, options, 0)]


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline shows its labels as column headers, which assistive technology does
    not tie to the inputs below them: each input gets its column's name as its label. An
    autocomplete shows the object the row holds (see PreloadedAutocompleteSelect)."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside a related wrapper
            widget.attrs.setdefault("aria-label", str(field.label or name))
            if isinstance(widget, PreloadedAutocompleteSelect) and form.instance.pk:
                widget.preloaded = getattr(form.instance, name)


class TabularInline(admin.TabularInline):
    """The portal's tabular inline: Django's, with labelled inputs (WCAG 2.1, 1.3.1, 4.1.2),
    and its rows read with the objects they show (``select_related``), so that a long inline
    takes no query a row."""

    formset = LabelledInlineFormSet
    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        rows = super().get_queryset(request)
        return rows.select_related(*self.select_related) if self.select_related else rows

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: object
    ) -> forms.Field:
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OutboxAttachmentInline(TabularInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# Django's own Swedish that the portal words otherwise: the project's catalogue (LOCALE_PATHS)
# is read before Django's, and makemessages keeps these entries only if they are named here.
DJANGO_WORDING = (gettext_noop("Recent actions"),)  # Django: "Senaste Händelser"

# What each kind of e-mail is, in the staff's words (the codes are the apps' own).
CATEGORY_LABELS = {
    "meeting_invitation": _("Meeting invitation"),
    "meeting_update": _("Meeting changed"),
    "meeting_cancellation": _("Meeting cancelled"),
    "meeting_reminder": _("Reminder to answer"),
    "meeting_message": _("Message to those invited"),
    "area_request": _("Request for an area meeting"),
    "letter": _("Letter from the board"),
    "letter_reminder": _("Reminder: no letter after a board meeting"),
    "deadline_warning": _("Warning: a deadline before an annual or members' meeting"),
    "decision_deadline": _("Reminder: a decision's deadline"),
    "minutes_adjusting": _("Minutes: sent round for adjusting, sent back or adjusted"),
    "invoice": _("Invoice"),
    "login_address_confirm": _("Confirm a new login address"),
    "login_address_notice": _("Login address changed"),
    "outbox_failures": _("Report of undelivered e-mail"),
    "second_factor_reset": _("Second factor removed by staff"),
    "workers_silent": _("Warning: no worker takes a queue's tasks"),
}


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


class CategoryFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(CATEGORY_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(category=self.value()) if self.value() else queryset


class RecordAdmin(admin.ModelAdmin):
    """The admin of a record the portal keeps of what happened: it is read, never edited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(RecordAdmin):
    """What the portal has sent and is sending; read-only but for retrying failures."""

    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", CategoryFilter]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    inlines = [OutboxAttachmentInline]
    actions = ["retry_failed"]
    list_per_page = 100

    @admin.display(description=_("category"), ordering="category")
    def kind(self, message: OutboxMessage) -> str:
        return category_label(message.category)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        """Sending again is a write: it needs the change permission, which no form here uses."""
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description=_("Retry the failed messages"), permissions=["retry"])
    def retry_failed(
        self, request: HttpRequest, queryset: QuerySet[OutboxMessage]
    ) -> TemplateResponse | None:
        if not mass_email_confirmed(request):
            failed = queryset.filter(status=OutboxMessage.Status.FAILED)
            return mass_email_confirmation(
                request,
                model_admin=self,
                what=_("their failed message again."),
                recipients=[Recipient(message.subject, message.to) for message in failed],
                cancel_url=reverse("admin:nns_portal_outboxmessage_changelist"),
                action="retry_failed",
                selected=queryset.values_list("pk", flat=True),
            )
        count = outbox.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        return None
