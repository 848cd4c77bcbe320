from django.urls import path

from . import budget_views, views

app_name = "budget"

urlpatterns = [
    path("fakturor/", views.my_invoices, name="mine"),
    path("fakturor/<int:pk>/pdf/", views.invoice_download, name="invoice_pdf"),
    path("budget/", budget_views.budget_page, name="budget"),
    path("budget/budget.pdf", budget_views.budget_pdf, name="budget_pdf"),
]
