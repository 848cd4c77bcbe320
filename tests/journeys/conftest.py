import pytest
from playwright.sync_api import Page


@pytest.fixture(autouse=True)
def _no_csp_violations(page: Page):
    """Every page of a journey keeps to the Content-Security-Policy."""
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message),
    )
    yield
    assert [message.text for message in violations] == []
