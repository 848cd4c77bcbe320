"""Demo data of the member register, loaded by ``manage.py load_demo``."""

from .services import user_ensure_for_login

STAFF = {"email": "kansli@nns.example", "first_name": "Karin", "last_name": "Lindqvist"}
CHAIR = {"email": "ordforande@ostergotland.example", "first_name": "Per", "last_name": "Holm"}


def load() -> list[str]:
    """Load the demo register; return lines telling a developer how to log in."""
    staff = user_ensure_for_login(**STAFF, is_staff=True)
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    user_ensure_for_login(**CHAIR)
    return [
        f"Personal (staff, admin): {STAFF['email']}",
        f"Ordförande (chair):      {CHAIR['email']}",
    ]
