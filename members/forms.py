from django import forms
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
