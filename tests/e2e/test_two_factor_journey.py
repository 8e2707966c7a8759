"""Two-factor sign-in as staff meet it: the first sign-in sets up an app, a later one passes
with a recovery code, and the business unit resets someone's second factor. Axe checks each
page on the way."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from partnership.models import AuditEntry, AuditVerb

from ..factories import PASSWORD
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def sign_in_with_password(page, username):
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name or work email address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_scrutineer_sets_up_an_app_then_signs_in_with_a_recovery_code(page, scrutineer):
    sign_in_with_password(page, scrutineer.username)
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    assert page.get_by_role("img", name="QR code of the key below").is_visible()
    # Before the second factor the header offers nothing but signing out.
    assert page.locator(".govuk-service-navigation__item").all_inner_texts() == ["Sign out"]
    assert_accessible(page, "two-factor-01-set-up")

    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Set up the app").click()
    assert page.title().startswith("Error: ")
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "two-factor-02-set-up-wrong-code")

    # The person types the printed key into their app, which then shows the code.
    key = b32decode(page.locator("#setup-key").inner_text().replace(" ", ""))
    page.get_by_label("Security code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Set up the app").click()
    assert page.locator("h1").inner_text() == "Recovery codes"
    codes = page.locator(".app-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "two-factor-03-recovery-codes")

    page.get_by_role("link", name="I have saved my recovery codes").click()
    assert page.locator("h1").inner_text() == "Your dashboard"
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in_with_password(page, scrutineer.username)
    assert page.locator("h1").inner_text() == "Enter your security code", page.url
    assert_accessible(page, "two-factor-04-code")
    page.goto("/portal/data/")
    assert page.locator("h1").inner_text() == "Enter your security code"
    page.get_by_label("Security code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    assert "/portal/data/" in page.url
    assert "You have 9 left" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page, "two-factor-05-in-with-recovery-code")
    assert list(
        AuditEntry.objects.filter(user=scrutineer)
        .order_by("pk")
        .values_list("verb", flat=True)
        .exclude(verb=AuditVerb.VIEWED)
    ) == [
        AuditVerb.SIGNED_IN,
        AuditVerb.CHANGED,
        AuditVerb.SIGNED_OUT,
        AuditVerb.SIGNED_IN,
        AuditVerb.SECOND_FACTOR,
    ]


def test_the_business_unit_resets_a_partner_leads_second_factor(
    page, sign_in_as, business_unit, partner_lead
):
    from ..second_factor import app_for

    app_for(partner_lead)
    sign_in_as(business_unit)
    page.goto("/portal/")
    page.get_by_role("link", name="Two-factor sign-in of accounts").click()
    assert_accessible(page, "two-factor-06-accounts")
    page.get_by_role("link", name=f"Reset the second factor of {partner_lead.username}").click()
    assert_accessible(page, "two-factor-07-reset")
    page.get_by_role("button", name="Reset the second factor").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"The second factor of {partner_lead.username} is reset" in banner
    assert_accessible(page, "two-factor-08-reset-done")
    assert AuditEntry.objects.filter(
        verb=AuditVerb.SECOND_FACTOR_RESET, record_id=partner_lead.pk
    ).exists()
