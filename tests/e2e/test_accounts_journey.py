"""A new practitioner's first visit, as they would do it: sign up, confirm the email, sign in,
look around, sign out. Each page on the way, errors included, passes axe-core."""

import re

import pytest
from django.core import mail

from ..factories import PASSWORD
from .conftest import assert_accessible

pytestmark = pytest.mark.browser

NEW_PASSWORD = "my-own-long-passphrase-3"


def test_a_practitioner_signs_up_confirms_signs_in_and_out(page, agency_b):
    page.goto("/")
    assert_accessible(page, "journey-01-home")
    page.get_by_role("link", name="create an account").first.click()

    page.get_by_role("button", name="Create account").click()
    assert page.title().startswith("Error: Create an account")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "journey-02-sign-up-errors")

    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Work email address").fill("sam.okafor@nelft.nhs.uk")
    page.get_by_label("Agency you work for").select_option(label=agency_b.name)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page, "journey-03-check-email")

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Email address confirmed"
    assert_accessible(page, "journey-04-confirmed")

    page.locator("main").get_by_role("link", name="sign in").click()
    page.get_by_label("User name or work email address").fill("sam.okafor@nelft.nhs.uk")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("h1").inner_text() == "Your dashboard"
    assert agency_b.name in page.locator(".govuk-caption-l").inner_text()
    assert_accessible(page, "journey-05-dashboard")

    page.get_by_role("link", name="Your account").first.click()
    assert page.locator(".govuk-summary-list").inner_text().count("sam.okafor@nelft.nhs.uk") == 2
    assert_accessible(page, "journey-06-account")

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    assert page.locator("h1").inner_text() != "Your dashboard"
    page.goto("/portal/")
    assert "/accounts/sign-in/" in page.url


def test_a_wrong_password_shows_the_error_summary(page, practitioner):
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name or work email address").fill("practitioner")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    assert page.title().startswith("Error: Sign in")
    assert "Enter a correct user name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "sign-in-error")


def test_signing_in_works_without_javascript(browser, live_server, transactional_db, practitioner):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name or work email address").fill("practitioner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    assert page.locator("h1").inner_text() == "Your dashboard"
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    context.close()


def test_govuk_frontend_javascript_runs_under_the_csp(page):
    page.goto("/")

    body_class = page.locator("body").get_attribute("class")
    assert "js-enabled" in body_class and "govuk-frontend-supported" in body_class
    # initAll() has enhanced the Exit this page button (it adds its indicator element).
    page.wait_for_selector(".govuk-exit-this-page__indicator", state="attached")
    assert page.console_errors == []
