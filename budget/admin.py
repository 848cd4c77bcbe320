"""The admin of both areas; Django looks for ``budget.admin``."""

from .invoicing import admin as invoicing_admin
from .invoicing import payment_files_admin, runs_admin
from .plan import admin as plan_admin
from .plan import outcome_admin

__all__ = ["invoicing_admin", "outcome_admin", "payment_files_admin", "plan_admin", "runs_admin"]
