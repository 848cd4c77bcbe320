from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Association
from nns_portal.forms import LineField, ParagraphField

from ..forms import association_choice
from .models import RollCallEntry


class MotionForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Association.objects.none()
    )
    title = LineField(label=_("Title"), max_length=200)
    text = ParagraphField(
        label=_("The motion"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text=_("What the association proposes, and why. The board answers it in writing."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: PDF or an office document."),
    )

    def __init__(self, *args: object, associations: list[Association], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        association_choice(self.fields["association"], associations)


class CheckInForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("I take part"),
        choices=RollCallEntry.Attendance.choices,
        initial=RollCallEntry.Attendance.ON_SITE,
        widget=forms.RadioSelect,
    )
    proxy = forms.FileField(
        label=_("Proxy (fullmakt)"),
        required=False,
        help_text=_(
            "Needed when you are not the association's own chair or director: PDF or a photo."
        ),
    )
