from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Association, Person
from nns_portal.forms import ParagraphField

from .models import Invitation


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect)
    substitute = forms.ModelChoiceField(
        label=_("Who comes instead"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Choose a person"),
    )

    def __init__(self, *args: object, candidates: list[Person], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (Invitation.Answer.COMING, _("I am coming")),
            (Invitation.Answer.NOT_COMING, _("I am not coming")),
        ]
        if candidates:
            choices.append((Invitation.Answer.SUBSTITUTE, _("Someone else comes instead")))
            self.fields["substitute"].queryset = Person.objects.filter(
                pk__in=[person.pk for person in candidates]
            ).order_by("last_name", "first_name")
        else:
            del self.fields["substitute"]
        self.fields["answer"].choices = choices

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("answer") == Invitation.Answer.SUBSTITUTE and not data.get("substitute"):
            self.add_error("substitute", _("Choose who comes instead."))
        return data


class DelegateForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Delegate"), queryset=Person.objects.none(), empty_label=_("Choose a person")
    )

    def __init__(self, *args: object, candidates: list[Person], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            pk__in=[person.pk for person in candidates]
        ).order_by("last_name", "first_name")


class AreaMeetingRequestForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects.none()
    )
    message = ParagraphField(
        label=_("What should the meeting be about?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
    )

    def __init__(self, *args: object, associations: list[Association], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        association_choice(self.fields["association"], associations)


def association_choice(field: forms.ModelChoiceField, associations: list[Association]) -> None:
    """Offer the user's own associations; with only one, choose it without asking."""
    field.queryset = Association.objects.filter(pk__in=[a.pk for a in associations])
    if len(associations) == 1:
        field.initial = associations[0].pk
        field.widget = forms.HiddenInput()
