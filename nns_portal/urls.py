from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import views

admin.site.site_header = "NNS-portalen"
admin.site.site_title = "NNS-portalen"
# Staff log in like everyone else, with a code sent by e-mail.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("", include("members.urls")),
    path("", include("meetings.urls")),
    path("", include("budget.urls")),
    # Nobody logs in with a password, and e-mail addresses are kept in the register: the
    # password and address pages of allauth and of the admin are not part of the portal.
    re_path(r"^admin/password_change/", views.not_offered),
    re_path(r"^konto/(password|email|reauthenticate)/", views.not_offered),
    path("admin/", admin.site.urls),
    # Nobody has a password: the login page is the one that sends a code.
    path(
        "konto/login/",
        RedirectView.as_view(pattern_name="account_request_login_code", query_string=True),
    ),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
