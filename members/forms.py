from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Association, Person, User
from .services import ASSOCIATION_CONTACT_FIELDS


class UserAddForm(forms.ModelForm):
    """Staff add a login by e-mail address only; the person logs in with a code."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class AssociationContactForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = list(ASSOCIATION_CONTACT_FIELDS)
        widgets = {"invoice_address": forms.Textarea(attrs={"rows": 3})}


class PersonContactForm(forms.ModelForm):
    """What a chair or director corrects about one of the association's people. Whether a new
    address is free is decided when its owner confirms it, not here: the form must not tell
    who else is in the register."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}
        help_texts = {
            "email": _(
                "The person also logs in with this address. A new address is used once the "
                "person has confirmed it by a link sent to it."
            )
        }

    def validate_constraints(self) -> None:
        exclude = self._get_validation_exclusions()
        try:
            for constraint in Person._meta.constraints:
                if constraint.name != "person_email_unique":
                    constraint.validate(Person, self.instance, exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)
