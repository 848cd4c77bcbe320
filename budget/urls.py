from django.urls import path
from django.views.generic import RedirectView

from .invoicing import views as invoice_views
from .plan import views as plan_views

app_name = "budget"

urlpatterns = [
    path("fakturor/", invoice_views.my_invoices, name="mine"),
    path("fakturor/<int:pk>/pdf/", invoice_views.invoice_download, name="invoice_pdf"),
    path("budget/", plan_views.budget_page, name="budget"),
    path("budget/budget.pdf", plan_views.budget_pdf, name="budget_pdf"),
    path("budget/utfall/", plan_views.outcome_page, name="outcome"),
    path("budget/utfall/<int:year>.pdf", plan_views.outcome_pdf, name="outcome_pdf"),
    # Served here for a while by mistake: links to it still lead to the PDF.
    path(
        "budget/budget.invoicing.pdf",
        RedirectView.as_view(pattern_name="budget:budget_pdf", permanent=True, query_string=True),
    ),
]
