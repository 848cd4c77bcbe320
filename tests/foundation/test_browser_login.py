import re

import pytest

from tests.factories import UserFactory

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_person_in_the_register_logs_in_with_a_code(live_server, page, mailoutbox):
    UserFactory(email="per.holm@ostergotland.example", first_name="Per", last_name="Holm")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Logga in").first.click()
    page.get_by_label("E-post").fill("per.holm@ostergotland.example")
    page.get_by_role("button", name="Skicka en kod").click()
    page.wait_for_url(re.compile(r"/konto/login/code/confirm/"))

    code = CODE.search(mailoutbox[-1].body).group(1)
    page.get_by_placeholder("Kod").fill(code)
    page.get_by_role("button", name="Verifiera").click()

    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen, Per"
    assert page.get_by_role("button", name="Logga ut").is_visible()
