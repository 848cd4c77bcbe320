from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


@transaction.atomic
def user_ensure_for_login(
    *, email: str, first_name: str, last_name: str, is_staff: bool = False
) -> User:
    """Create or update the login of someone in the register.

    The address is marked verified because NNS staff registered it; the person proves
    owning it each time they log in with a code sent there.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email, first_name=first_name, last_name=last_name, is_staff=is_staff
        )
    else:
        user.first_name, user.last_name, user.is_staff = first_name, last_name, is_staff
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "is_staff"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
