from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("mitt-forbund/", views.my_associations, name="mine"),
    path("mitt-forbund/<int:pk>/", views.association_detail, name="association"),
    path("mitt-forbund/<int:pk>/kontaktuppgifter/", views.association_edit, name="edit"),
    path("mitt-forbund/<int:pk>/personer/<int:person_pk>/", views.person_edit, name="person_edit"),
    path("medlemmar/", views.directory, name="directory"),
    path("mina-uppgifter/", views.my_data, name="my_data"),
    path("mina-uppgifter/registerutdrag/", views.my_extract, name="my_extract"),
    path("mina-uppgifter/registerutdrag.json", views.my_data_json, name="my_data_json"),
    path(
        "inloggning/ny-adress/<str:token>/",
        views.login_address_confirm,
        name="login_address_confirm",
    ),
    path("inloggning/inga-fler/<str:token>/", views.notices_refuse, name="notices_refuse"),
]
