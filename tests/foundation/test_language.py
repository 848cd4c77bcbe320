import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
def test_start_page_is_swedish_even_for_an_english_browser(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.text
    assert "Välkommen till NNS-portalen" in response.text


@pytest.mark.django_db
def test_english_can_be_chosen_with_the_language_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    response = client.get(reverse("home"))

    assert response["Content-Language"] == "en"
    assert "Welcome to the NNS portal" in response.text


def test_the_swedish_catalog_is_compiled():
    with translation.override("sv"):
        assert translation.gettext("Welcome to the NNS portal") == "Välkommen till NNS-portalen"


def test_swedish_formats_and_time_zone(settings):
    from django.utils import formats

    with translation.override("sv"):
        assert formats.number_format(1732849, force_grouping=True) == "1\xa0732\xa0849"
        assert formats.get_format("SHORT_DATE_FORMAT") == "Y-m-d"
    assert settings.TIME_ZONE == "Europe/Stockholm"


@pytest.mark.django_db
def test_page_titles_name_the_page_then_the_portal(client):
    import re

    for url, title in [("/", "Start – NNS-portalen"), ("/konto/login/code/", "NNS-portalen")]:
        text = client.get(url).text
        found = " ".join(re.search(r"<title>(.*?)</title>", text, re.S).group(1).split())
        assert found.endswith(title) and "–" in found, found
        assert not found.startswith("–"), found


def test_every_html_e_mail_says_its_language():
    """Screen readers read an e-mail in the language its <html lang> names."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    unsaid = [
        str(path.relative_to(templates))
        for path in templates.glob("**/email/*.html")
        if "<html" in path.read_text() and "<html lang=" not in path.read_text()
    ]
    assert list(templates.glob("**/email/*.html")) and unsaid == []
