from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class RegisterOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts exist because people are in the member register; nobody signs up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
