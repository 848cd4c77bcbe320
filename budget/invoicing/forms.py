"""The forms of the invoicing admin: fee schedules, invoice runs, credit notes, SIE."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Association
from members.orgnr import OrgNumberFormField
from nns_portal.forms import ParagraphField

from ..models import FeeSchedule, InvoiceRun
from . import services
from .bankgiro import BankgiroFormField
from .emails import invoice_address


class FeeScheduleForm(forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose and order them)
        field_classes = {
            "seller_org_number": OrgNumberFormField,
            "seller_bankgiro": BankgiroFormField,
        }


class InvoiceRunForm(forms.ModelForm):
    """Starting a run that sends goes through a confirmation: the first save says how many
    associations get their invoice and how; the run starts when it is saved again with the same
    count (a count that changed in between asks again)."""

    confirmed_count = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = InvoiceRun
        fields = ["fee_year", "issued_on", "send_by_email"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Who the run would send to (association, channel, address), shown with the question.
        self.recipients: list[tuple[str, str, str]] = []
        if "fee_year" in self.fields:  # adding: the change page shows the run read-only
            today = timezone.localdate()
            self.fields["fee_year"].initial = today.year + 1 if today.month >= 11 else today.year
            self.fields["issued_on"].initial = today

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if year := data.get("fee_year"):
            services.schedule_for_invoicing(fee_year=year)
            services.invoice_run_refuse_if_running(fee_year=year)
            if data.get("send_by_email"):
                self._confirm_sending(year, data.get("confirmed_count"))
        return data

    def _confirm_sending(self, year: int, confirmed: int | None) -> None:
        candidates = list(services.invoice_run_candidates(fee_year=year))
        channels = [association.invoice_channel for association in candidates]
        if confirmed == len(channels):
            return
        self.recipients = [
            (a.name, a.get_invoice_channel_display(), invoice_address(a)) for a in candidates
        ]
        self.data = self.data.copy()
        self.data[self.add_prefix("confirmed_count")] = str(len(channels))
        raise ValidationError(
            _(
                "%(count)s associations will get their invoice for %(year)s: %(email)s by "
                "e-mail with PDF, %(einvoice)s as e-invoice. Start the run?"
            )
            % {
                "count": len(channels),
                "year": year,
                "email": sum(c in Association.EMAIL_CHANNELS for c in channels),
                "einvoice": sum(c in Association.EINVOICE_CHANNELS for c in channels),
            }
        )


class CreditForm(forms.Form):
    reason = ParagraphField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Printed on the credit note, e.g. “Wrong total budget”."),
    )
    reissue = forms.BooleanField(
        label=gettext_lazy("Issue a new invoice from today's register"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Correct the association's budget or details first."),
    )
    send_by_email = forms.BooleanField(
        label=gettext_lazy("E-mail the credit note (and the new invoice)"),
        required=False,
        initial=True,
    )


class SieForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
