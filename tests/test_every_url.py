"""Every URL of the portal × every role → the status that person gets.

One world is built per role (``tests/every_url_world.py``): two member associations with their
people, a former member, the NNS board and staff; invitations sent, a letter sent and a draft,
invoices issued, the budget loaded. The role then requests every URL below, and every admin
page of every registered model; a test further down fails when a URL exists that this table
leaves out.

Someone else's object is a 404; a page behind the login sends an anonymous visitor to the
login (302), and the admin sends everyone who is not staff to it.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = [
    "anonymous",
    "officer_a",
    "board_member_a",
    "chair_a",
    "director_a",
    "invoice_contact_a",
    "chair_b",
    "chair_former",
    "nns_board_member",
    "nns_chair",
    "staff",
    "staff_viewer",
    "left_yesterday",
    "staff_unenrolled",
]
L = 302  # to the login page (or, for a logged-in person, on to where they belong)
NOT_OFFERED = 404

# name[#variant]: (method, expected status per role in the order of ROLES)
EXPECTED = {
    #                         anon off_a brd_a chr_a dir_a inv_a chr_b chr_f nnsbm nnsch staff
    "home":                 ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "healthz":              ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "privacy":              ("get", *[200] * 11),
    "accessibility":        ("get", *[200] * 11),
    "set_language":         ("post", L,  L,   L,   L,   L,   L,   L,   L,   L,   L,   L),
    # The login: a code sent by e-mail; nobody has a password or signs up.
    "account_login":        ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   L),
    "account_request_login_code": ("get", 200, L, L, L,  L,   L,   L,   L,   L,   L,   L),
    "account_confirm_login_code": ("get", L, L,  L,   L,   L,   L,   L,   L,   L,   L,   L),
    "account_logout":       ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_signup":       ("get", 200, L,   L,   L,   L,   L,   L,   L,   L,   L,   L),
    "account_inactive":     ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_email_verification_sent": ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),  # noqa: E501
    "account_confirm_email": ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "account_reauthenticate": ("get", *[NOT_OFFERED] * 11),
    "account_email":        ("get", *[NOT_OFFERED] * 11),
    "account_change_password": ("get", *[NOT_OFFERED] * 11),
    "account_set_password": ("get", *[NOT_OFFERED] * 11),
    "account_reset_password": ("get", *[NOT_OFFERED] * 11),
    "account_reset_password_done": ("get", *[NOT_OFFERED] * 11),
    "account_reset_password_from_key": ("get", *[NOT_OFFERED] * 11),
    "account_reset_password_from_key_done": ("get", *[NOT_OFFERED] * 11),
    # The second factor: everyone may add one; every staff login must (see the last column).
    # Its second step answers only in the middle of a login.
    "mfa_index":            ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "mfa_authenticate":     ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   L),
    "mfa_reauthenticate":   ("get", L,   403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "mfa_activate_totp":    ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    "mfa_deactivate_totp":  ("get", L,   404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "mfa_view_recovery_codes":("get", L,   404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "mfa_generate_recovery_codes":("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "mfa_download_recovery_codes":("get", L,   404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "mfa_list_webauthn":    ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "mfa_add_webauthn":     ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "mfa_reauthenticate_webauthn":("get", L,   403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
    "mfa_edit_webauthn":    ("get", L,   404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "mfa_remove_webauthn":  ("get", L,   404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # The register.
    "members:mine":         ("get", L,   L,   L,   L,   L,   L,   L,   L,   200, 200, 200),
    "members:association":  ("get", L,   200, 200, 200, 200, 200, 404, 404, 404, 404, 200),
    "members:edit":         ("get", L,   404, 404, 200, 200, 404, 404, 404, 404, 404, 200),
    "members:person_edit":  ("get", L,   404, 404, 200, 200, 404, 404, 404, 404, 404, 200),
    "members:directory":    ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # A person's own register extract; staff without a person in the register have none.
    "members:my_data":      ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 404),
    "members:my_extract":   ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 404),
    "members:my_data_json": ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 404),
    "members:login_address_confirm": ("get", *[200] * 11),  # the link is the key
    "members:login_address_confirm#tampered": ("get", *[400] * 11),
    "members:notices_refuse": ("get", *[200] * 11),  # the link is the key
    "members:notices_refuse#tampered": ("get", *[400] * 11),
    # Meetings: the plan is public; an invitation is its invitee's; the RSVP link is its key.
    "meetings:plan":        ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:plan_year":   ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:plan_calendar": ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:person_calendar": ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:person_calendar#unknown": ("get", *[404] * 11),
    "meetings:mine":        ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:invitation":  ("get", L,   404, 404, 200, 404, 404, 404, 404, 404, 404, 404),
    "meetings:rsvp":        ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:rsvp#tampered": ("get", 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400),
    "meetings:area_request": ("get", L,  200, 200, 200, 200, 200, 200, 404, 404, 404, 404),
    "meetings:letters":     ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:letter":      ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:letter#draft": ("get", L,  404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "meetings:letter_attachment": ("get", L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:letters_opt_out": ("get", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:delegate":    ("post", L,  404, 404, L,   404, 404, 404, 404, 404, 404, 404),
    # A meeting's page and documents: its invitees; an annual meeting's: every member; draft
    # minutes: staff; published minutes: every member.
    "meetings:meeting":     ("get", L,   200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "meetings:meeting#board": ("get", L, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "meetings:meeting#chairs": ("get", L, 404, 404, 200, 200, 404, 200, 404, 404, 404, 200),
    "meetings:document":    ("get", L,   200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "meetings:document#board": ("get", L, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "meetings:document#chairs": ("get", L, 404, 404, 200, 200, 404, 200, 404, 404, 404, 200),
    "meetings:document#draft_minutes": ("get", L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "meetings:document#minutes": ("get", L, 200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    # Minutes sent round for adjusting: only their signers (Anna adjusts, NNS's chair chairs).
    "meetings:minutes_adjusting": ("get", L, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404),
    "meetings:minutes_version_pdf": ("get", L, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404),
    "meetings:minutes":     ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Motions: written by a member association's chair or director, until the deadline.
    "meetings:motion_new":  ("get", L,   404, 404, 200, 200, 404, 200, 404, 404, 404, 404),
    "meetings:motion_edit": ("get", L,   404, 404, 200, 200, 404, 404, 404, 404, 404, 404),
    "meetings:motion_attachment": ("get", L, 200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    # Only a named delegate checks in, on the meeting's day.
    "meetings:check_in":    ("post", L,  404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # The live pages of an annual or members' meeting: everyone who sees the meeting.
    "meetings:vote":        ("get", L,   200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "meetings:projector":   ("get", L,   200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "meetings:live_state":  ("get", L,   200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    # Decisions to follow up: the board and staff see every one, anyone else their own.
    "meetings:decisions":   ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings:decision":    ("get", L,   404, 404, 200, 404, 404, 404, 404, 200, 200, 200),
    "meetings:decision#other": ("get", L, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "meetings:calendar_renew": ("post", L, L, L,   L,   L,   L,   L,   L,   L,   L,   404),
    # Invoices: the chair, the director and the invoice contact of the association; NNS's
    # budget: the NNS board and staff.
    "budget:mine":          ("get", L,   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "budget:invoice_pdf":   ("get", L,   404, 404, 200, 200, 200, 404, 404, 404, 404, 200),
    "budget:invoice_pdf#b": ("get", L,   404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "budget:invoice_pdf#missing": ("get", L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "budget:budget":        ("get", L,   404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "budget:budget_pdf":    ("get", L,   404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "budget:outcome":       ("get", L,   404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "budget:outcome_pdf":   ("get", L,   404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "budget:outcome_pdf#missing": ("get", L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # The admin's own pages (every model's list, add, change, history and delete pages are
    # added below).
    "admin:index":          ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:app_list":       ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:login":          ("get", L,   403, 403, 403, 403, 403, 403, 403, 403, 403, L),
    "admin:logout":         ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   405),
    "admin:password_change": ("get", *[NOT_OFFERED] * 11),
    "admin:password_change_done": ("get", *[NOT_OFFERED] * 11),
    "admin:autocomplete":   ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   403),
    "admin:jsi18n":         ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:view_on_site":   ("get", L,   L,   L,   L,   L,   L,   L,   L,   L,   L,   404),
    "admin:members_association_import": ("get", L, L, L, L, L, L, L, L, L,   L,   200),
    "admin:members_association_export": ("get", L, L, L, L, L, L, L, L, L,   L,   200),
    "admin:members_associationyear_import": ("get", L, L, L, L, L, L, L, L, L, L, 200),
    "admin:members_associationyear_export": ("get", L, L, L, L, L, L, L, L, L, L, 200),
    "admin:members_person_import": ("get", L, L, L, L, L, L,   L,   L,   L,   L,   200),
    "admin:members_person_export": ("get", L, L, L, L, L, L,   L,   L,   L,   L,   200),
    "admin:meetings_meeting_attendance": ("get", L, L, L, L, L, L, L, L, L,   L,   200),
    "admin:meetings_meeting_attendance_csv": ("get", L, L, L, L, L, L, L, L, L, L, 200),
    "admin:meetings_meeting_delegates": ("get", L, L, L, L, L, L, L, L,   L,   L,   200),
    "admin:meetings_meeting_import": ("get", L, L, L, L, L, L, L,   L,   L,   L,   200),
    "admin:meetings_meeting_export": ("get", L, L, L, L, L, L, L,   L,   L,   L,   200),
    "admin:meetings_letter_preview_email": ("get", L, L, L, L, L, L, L, L, L, L,   200),
    "admin:meetings_letter_preview_page": ("get", L, L, L, L, L, L, L, L, L,  L,   200),
    "admin:meetings_letter_send": ("get", L, L, L, L, L,   L,   L,   L,   L,   L,   302),
    "admin:meetings_letter_send#post": ("post", L, L, L, L, L, L, L,   L,   L,   L,   302),
    "admin:meetings_letter_retry": ("get", L, L, L, L, L,  L,   L,   L,   L,   L,   403),
    "admin:meetings_letter_retry#post": ("post", L, L, L, L, L, L, L,  L,   L,   L,   200),
    "admin:meetings_meeting_message": ("get", L, L, L, L, L, L,   L,   L,   L,   L,   200),
    "admin:budget_invoice_pdf": ("get", L, L,  L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:members_person_extract": ("get", L, L, L, L, L, L,   L,   L,   L,   L,   200),
    "admin:members_person_extract_json": ("get", L, L, L, L, L, L, L, L,   L,   L,   200),
    "admin:budget_invoice_credit": ("get", L, L, L, L, L,  L,   L,   L,   L,   L,   200),
    "admin:budget_invoice_zip": ("get", L, L,  L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:budget_invoice_sie": ("get", L, L,  L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:budget_invoice_ubl": ("get", L, L,  L,   L,   L,   L,   L,   L,   L,   L,   200),
    "admin:budget_invoice_ubl_zip": ("get", L, L, L,  L,   L,   L,   L,   L,   L,   L,   200),
    "admin:meetings_meeting_papers": ("get", L, L, L, L, L, L,   L,   L,   L,   L,   200),
    "admin:meetings_meeting_roll_call": ("get", L, L, L, L, L, L, L,   L,   L,   L,   200),
    "admin:meetings_meeting_roll_call_pdf": ("get", L, L, L, L, L, L, L, L,  L,   L,   200),
    "admin:meetings_meeting_proxy": ("get", L, L, L, L, L, L,    L,   L,   L,   L,   200),
    "admin:meetings_meeting_live": ("get", L, L, L, L, L, L,     L,   L,   L,   L,   200),
    # The standard agenda is made by a POST; a GET goes back to the meeting.
    "admin:meetings_meeting_agenda_make": ("get", L, L, L, L, L, L, L, L, L,  L,   302),
    # The follow-up of decisions is made a board meeting's paper by a POST.
    "admin:meetings_meeting_followup_make": ("get", L, L, L, L, L, L, L, L, L, L, 302),
    "admin:meetings_meetingdocument_adjust": ("get", L, L, L, L, L, L, L, L, L, L,   200),
    "admin:meetings_meetingdocument_send_round": ("get", L, L, L, L, L, L, L, L, L, L, 200),
    "admin:meetings_meetingdocument_publish": ("get", L, L, L, L, L, L, L, L, L, L,  200),
    "admin:budget_paymentfile_register": ("get", L, L, L, L, L, L,  L,   L,   L,   L,   302),
    "admin:budget_paymentfile_register#post": ("post", L, L, L, L, L, L, L, L,  L,   L,   302),
    # A bookkeeping file's upload waits in the cache for its confirmation (a GET goes back).
    "admin:budget_sieimport_confirm": ("post", L, L, L, L, L, L,  L,   L,   L,   L,   302),
    "admin:budget_accountrange_import": ("get", L, L, L, L, L, L, L,   L,   L,   L,   200),
    "admin:budget_accountrange_export": ("get", L, L, L, L, L, L, L,   L,   L,   L,   200),
}  # fmt: skip

# What staff get on each model's admin pages where it is not 200: issued invoices, sent
# e-mails and finished runs are records, not drafts.
ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
STAFF_ADMIN_EXCEPTIONS = {
    "admin:members_area_add": 403,  # the four areas are fixed
    "admin:members_area_delete": 403,
    "admin:meetings_meetingtype_delete": 403,  # so are the meeting types
    "admin:meetings_areameetingrequest_add": 403,  # members ask, on the portal
    "admin:meetings_letter_delete": 403,  # the letter has gone out
    "admin:budget_invoice_add": 403,
    "admin:budget_invoice_delete": 403,
    "admin:budget_invoicerun_delete": 403,
    "admin:budget_paymentfile_delete": 403,  # the bank's file, kept as it came
    "admin:budget_sieimport_delete": 403,  # the bookkeeping's file, kept as imported
    "admin:members_loginaddresschange_add": 403,  # a record of changes made elsewhere
    "admin:members_loginaddresschange_delete": 403,
    "admin:meetings_statutes_changelist": 302,  # one row: the list opens it
    "admin:meetings_statutes_add": 403,
    "admin:meetings_statutes_delete": 403,
    "admin:nns_portal_outboxmessage_add": 403,
    "admin:meetings_poll_add": 403,  # votes are run from the meeting's live page
    "admin:meetings_poll_delete": 403,
    "admin:meetings_minutestext_add": 403,  # drafted from the meeting
    "admin:nns_portal_outboxmessage_delete": 403,
}


# Staff with only the view permission on every model: what they get where the superuser's
# column says otherwise. They read; anything that writes (adding, deleting, importing,
# crediting, sending, re-sending) is refused.
VIEWER_EXCEPTIONS = {
    "admin:members_association_import": 403,
    "admin:members_associationyear_import": 403,
    "admin:members_person_import": 403,
    "admin:meetings_meeting_import": 403,
    "admin:budget_invoice_credit": 403,
    "admin:meetings_letter_send#post": 403,
    "admin:meetings_letter_retry#post": 403,
    "admin:budget_paymentfile_register#post": 403,
    "admin:budget_sieimport_confirm": 403,
    "admin:budget_accountrange_import": 403,
    "admin:meetings_letter_send": 403,
    "admin:meetings_meeting_message": 403,
    "admin:meetings_meeting_papers": 403,
    "admin:meetings_meetingdocument_adjust": 403,
    "admin:meetings_meetingdocument_send_round": 403,
    "admin:meetings_meetingdocument_publish": 403,
    "admin:meetings_meeting_agenda_make": 403,
    "admin:meetings_meeting_followup_make": 403,
}


def admin_pages() -> dict[str, tuple]:
    """Every registered model's admin pages: name → (model, page)."""
    pages = {}
    for model, model_admin in admin.site._registry.items():
        for page in ADMIN_PAGES:
            pages[f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"] = (model, page)
        if hasattr(model_admin, "history_view") and hasattr(model, "history"):
            # django-simple-history's page of one past version
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
            pages[name] = (model, "simple_history")
    return pages


ADMIN_MODEL_PAGES = admin_pages()


def admin_rows() -> dict[str, tuple]:
    rows = {
        name: ("get", *[L] * 10, STAFF_ADMIN_EXCEPTIONS.get(name, 200))
        for name in ADMIN_MODEL_PAGES
    }
    # The user admin keeps Django's own name for a user's password page; nobody has one.
    rows["admin:auth_user_password_change"] = ("get", *[L] * 10, NOT_OFFERED)
    return rows


def _viewer(name: str, row: tuple) -> int:
    """The view-only staff member's status: the superuser's, but where writing is refused."""
    if name in VIEWER_EXCEPTIONS:
        return VIEWER_EXCEPTIONS[name]
    if name.endswith(("_add", "_delete")) and name in ADMIN_MODEL_PAGES:
        return 403
    return row[-1]


# An NNS board member whose role ended yesterday, invited to the board's next meeting before
# that: what a board member gets, but no meeting's page or paper and not the board's budget.
LEFT_EXCEPTIONS = {
    "meetings:meeting": 404,
    "meetings:meeting#board": 404,
    "meetings:document": 404,
    "meetings:document#board": 404,
    "meetings:document#minutes": 404,
    "meetings:motion_attachment": 404,
    "meetings:vote": 404,
    "meetings:projector": 404,
    "meetings:live_state": 404,
    "meetings:decision": 404,  # the register is the board's of today
    "meetings:decision#other": 404,
    "budget:budget": 404,  # NNS's budget is the board's
    "budget:budget_pdf": 404,
    "budget:outcome": 404,
    "budget:outcome_pdf": 404,
}


def _left(name: str, row: tuple) -> int:
    return LEFT_EXCEPTIONS.get(name, row[ROLES.index("nns_board_member") + 1])


# A staff login that has not added its second factor yet: what the public gets, its logout and
# the second factor's own pages; everything else sends it to add one (302).
UNENROLLED_OPEN = {"home", "healthz", "privacy", "accessibility", "account_logout"}
UNENROLLED_MFA = {
    "mfa_index": 200,
    "mfa_authenticate": L,
    "mfa_reauthenticate": 403,
    "mfa_activate_totp": 200,
    "mfa_deactivate_totp": 404,
    "mfa_view_recovery_codes": 404,
    "mfa_generate_recovery_codes": 200,
    "mfa_download_recovery_codes": 404,
    "mfa_list_webauthn": 200,
    "mfa_add_webauthn": 200,
    "mfa_reauthenticate_webauthn": 403,
    "mfa_edit_webauthn": 404,
    "mfa_remove_webauthn": 404,
}


def _unenrolled(name: str, row: tuple) -> int:
    if name in UNENROLLED_MFA:
        return UNENROLLED_MFA[name]
    return row[ROLES.index("staff") + 1] if name in UNENROLLED_OPEN else 302


ALL = {
    name: (*row, _viewer(name, row), _left(name, row), _unenrolled(name, row))
    for name, row in (EXPECTED | admin_rows()).items()
}


def _args(name: str, objects: dict) -> list:
    if name in objects:
        return objects[name]
    if name == "admin:auth_user_password_change":
        return [objects["invoice_contact_a"].user.pk]
    if name not in ADMIN_MODEL_PAGES:
        return []
    model, page = ADMIN_MODEL_PAGES[name]
    if page == "simple_history":
        version = model.history.order_by("pk").first()
        return [version.instance.pk, version.history_id]
    if page in ("change", "history", "delete"):
        return [model._default_manager.order_by("pk").values_list("pk", flat=True)[0]]
    return []


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected(world, role):
    scene, objects = world
    client = Client()
    if role == "staff":
        client.force_login(scene.staff)
    elif role in ("staff_viewer", "staff_unenrolled"):
        client.force_login(objects[role])
    elif role != "anonymous":
        person = objects.get(role) or getattr(scene, role, None)
        client.force_login(person.user)
    column = ROLES.index(role) + 1
    wrong = {}
    for name, row in ALL.items():
        url = reverse(name.partition("#")[0], args=_args(name, objects))
        status = getattr(client, row[0])(url).status_code
        if status != row[column]:
            wrong[name] = f"{status}, expected {row[column]}"
    assert wrong == {}


def _names(patterns: list, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_the_table_leaves_out_no_url_of_the_portal():
    assert set(_names(get_resolver().url_patterns)) - set(ALL) == set()
