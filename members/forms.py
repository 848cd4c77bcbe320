from django import forms

from .models import User


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
