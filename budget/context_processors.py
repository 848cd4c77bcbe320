from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .plan.selectors import may_see_budget


def budget_access(request: HttpRequest) -> dict[str, object]:
    """Whether the menu shows "Budget"; asked only when a page's menu needs it."""
    return {"may_see_budget": SimpleLazyObject(lambda: may_see_budget(user=request.user))}
