from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("fakturor/", views.my_invoices, name="mine"),
    path("fakturor/<int:pk>/pdf/", views.invoice_download, name="invoice_pdf"),
]
