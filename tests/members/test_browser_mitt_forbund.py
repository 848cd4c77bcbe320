import re

import pytest

from members.models import Role
from tests.factories import AssociationFactory, PersonFactory, RoleFactory

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chair_logs_in_by_code_and_corrects_a_phone_number(live_server, page, mailoutbox):
    association = AssociationFactory(name="Samordningsförbundet Centrala Östergötland")
    chair = PersonFactory(first_name="Per", last_name="Holm", email="per.holm@ostergotland.example")
    RoleFactory(person=chair, association=association, kind=Role.Kind.CHAIR)
    officer = PersonFactory(first_name="Åsa", last_name="Öberg", phone="013-10 10 10")
    RoleFactory(person=officer, association=association, kind=Role.Kind.OFFICER)

    page.goto(live_server.url + "/mitt-forbund/")
    page.get_by_label("E-post").fill("per.holm@ostergotland.example")
    page.get_by_role("button", name="Skicka en kod").click()
    page.get_by_placeholder("Kod").fill(CODE.search(mailoutbox[-1].body).group(1))
    page.get_by_role("button", name="Verifiera").click()

    page.get_by_role("heading", name="Samordningsförbundet Centrala Östergötland").wait_for()
    page.get_by_role("link", name="Rätta Åsa Öberg").click()
    page.get_by_label("Telefon").fill("013-20 20 20")
    page.get_by_role("button", name="Spara").click()

    page.get_by_text("Åsa Öberg har sparats.").wait_for()
    row = page.get_by_role("row", name=re.compile("Åsa Öberg"))
    assert "013-20 20 20" in row.inner_text()
    officer.refresh_from_db()
    assert officer.phone == "013-20 20 20"
    assert officer.history.latest().history_user == chair.user
