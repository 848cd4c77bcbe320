from django.urls import path, re_path

from . import views
from .adjusting import views as adjusting_views
from .annual import views as annual_views
from .decisions import views as decision_views
from .documents import views as document_views
from .followup import views as followup_views
from .letters import views as letter_views

app_name = "meetings"

urlpatterns = [
    path("moten/", views.my_meetings, name="mine"),
    path("moten/plan/", views.plan, name="plan"),
    path("moten/plan/<int:year>/", views.plan, name="plan_year"),
    path("moten/plan.ics", views.plan_calendar, name="plan_calendar"),
    # A token is what new_calendar_token makes; anything else is no calendar (404).
    re_path(
        r"^moten/kalender/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$",
        views.person_calendar,
        name="person_calendar",
    ),
    path("moten/kalender/ny-adress/", views.calendar_renew, name="calendar_renew"),
    path("moten/inbjudan/<int:pk>/", views.invitation_detail, name="invitation"),
    path("moten/inbjudan/<int:pk>/ombud/<int:association_pk>/", views.delegate, name="delegate"),
    path("moten/svar/<int:pk>/<str:token>/", views.rsvp, name="rsvp"),
    path("moten/omradestraff/", views.area_meeting_request, name="area_request"),
    path("moten/mote/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moten/mote/<int:pk>/motion/", annual_views.motion_new, name="motion_new"),
    path("moten/mote/<int:pk>/narvaro/", annual_views.check_in, name="check_in"),
    path("moten/mote/<int:pk>/rosta/", decision_views.vote, name="vote"),
    path("moten/mote/<int:pk>/projektor/", decision_views.projector, name="projector"),
    path("moten/mote/<int:pk>/lage.json", decision_views.live_state, name="live_state"),
    path("moten/motion/<int:pk>/", annual_views.motion_edit, name="motion_edit"),
    path("moten/motion/<int:pk>/bilaga/", annual_views.motion_attachment, name="motion_attachment"),
    path("moten/dokument/<int:pk>/", document_views.document, name="document"),
    path("beslut/", followup_views.register, name="decisions"),
    path("beslut/<int:pk>/", followup_views.decision, name="decision"),
    path(
        "moten/protokoll/<int:pk>/justera/",
        adjusting_views.minutes_adjusting,
        name="minutes_adjusting",
    ),
    path(
        "moten/protokoll/<int:pk>/justera/version-<int:number>.pdf",
        adjusting_views.minutes_version_pdf,
        name="minutes_version_pdf",
    ),
    path("brev/protokoll/", document_views.minutes_archive, name="minutes"),
    path("brev/", letter_views.letter_archive, name="letters"),
    path("brev/<int:pk>/", letter_views.letter_detail, name="letter"),
    path(
        "brev/<int:pk>/bilagor/<int:attachment_pk>/",
        letter_views.letter_attachment,
        name="letter_attachment",
    ),
    path("brev/avsluta/<str:token>/", letter_views.letters_opt_out, name="letters_opt_out"),
]
