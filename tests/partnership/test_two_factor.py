"""Two-factor sign-in through the pages: setting up an app, passing the code, recovery codes,
turning it off, and the business unit's reset. Staff sign in with the password only here
(`password_only_login`), as a real sign-in stands before the code is entered."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import AuditEntry, AuditVerb

from ..second_factor import app_for, password_only_login

CODE_PAGE = reverse("two_factor_verify")
SET_UP = reverse("two_factor_setup")
RECOVERY = reverse("two_factor_recovery_codes")


def code_now(device: TOTPDevice) -> str:
    """What the person's app shows now."""
    return f"{totp(device.bin_key):06d}"


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb).values_list("summary", flat=True))


# Setting up an app


def test_a_new_staff_account_is_sent_from_the_portal_to_set_up_an_app(client, scrutineer):
    password_only_login(client, scrutineer)
    response = client.get("/portal/data/")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_PAGE}?next=/portal/data/"
    response = client.get(response["Location"])
    assert response["Location"] == f"{SET_UP}?next=%2Fportal%2Fdata%2F"


def test_setting_up_an_app_confirms_it_and_shows_the_recovery_codes_once(client, scrutineer):
    password_only_login(client, scrutineer)
    page = client.get(SET_UP).content.decode()
    device = TOTPDevice.objects.get(user=scrutineer, confirmed=False)
    assert '<svg role="img" width="' in page and 'class="app-qr-code"' in page
    key = re.search(r'id="setup-key">([A-Z2-7 ]+)<', page).group(1)
    assert b32decode(key.replace(" ", "")) == device.bin_key

    response = client.post(SET_UP, {"code": "123 456"})
    assert "The code is not right" in response.content.decode()
    assert TOTPDevice.objects.filter(user=scrutineer, confirmed=True).count() == 0

    response = client.post(f"{SET_UP}?next=/portal/data/", {"code": code_now(device)})
    assert response.status_code == 302
    assert response["Location"] == f"{RECOVERY}?next=%2Fportal%2Fdata%2F"
    device.refresh_from_db()
    assert device.confirmed
    shown = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=scrutineer).values_list("token", flat=True)
    )
    assert 'href="/portal/data/"' in shown
    again = client.get(RECOVERY).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 recovery codes left" in again
    assert client.get("/portal/data/").status_code == 200
    assert entries(AuditVerb.CHANGED) == ["Set up two-factor sign-in"]


def test_the_qr_code_page_keeps_one_key_until_it_is_confirmed(client, practitioner):
    password_only_login(client, practitioner)
    first = client.get(SET_UP).content.decode()
    second = client.get(SET_UP).content.decode()
    key = re.search(r'id="setup-key">([A-Z2-7 ]+)<', first).group(1)
    assert key in second
    assert TOTPDevice.objects.filter(user=practitioner).count() == 1


def test_someone_with_an_app_must_pass_it_before_replacing_it(client, business_unit):
    app_for(business_unit)
    password_only_login(client, business_unit)
    response = client.get(SET_UP)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CODE_PAGE}?next=")
    assert TOTPDevice.objects.filter(user=business_unit).count() == 1


def test_replacing_the_app_stops_the_old_one_and_its_codes(client, business_unit):
    client.force_login(business_unit)  # passed the second factor with the old app
    old = TOTPDevice.objects.get(user=business_unit)
    client.get(SET_UP)
    new = TOTPDevice.objects.get(user=business_unit, confirmed=False)
    client.post(SET_UP, {"code": code_now(new)})
    assert list(TOTPDevice.objects.filter(user=business_unit)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert entries(AuditVerb.CHANGED) == ["Replaced the authenticator app"]


# Passing the second factor


@pytest.fixture
def staff_with_app(client, partner_lead):
    device = app_for(partner_lead)
    password_only_login(client, partner_lead)
    return device


def test_the_right_code_lets_a_staff_user_in_with_a_new_session_key(
    client, partner_lead, staff_with_app
):
    before = client.session.session_key
    response = client.post(f"{CODE_PAGE}?next=/portal/account/", {"code": code_now(staff_with_app)})
    assert response.status_code == 302
    assert response["Location"] == "/portal/account/"
    assert client.session.session_key != before
    assert client.get("/portal/account/").status_code == 200
    assert entries(AuditVerb.SECOND_FACTOR) == [
        "Passed the second factor with the authenticator app"
    ]


def test_a_wrong_code_is_refused_and_audited(client, staff_with_app):
    response = client.post(CODE_PAGE, {"code": "000000"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The security code is not right" in page
    assert page.count("govuk-error-summary") >= 1
    assert client.get("/portal/").status_code == 302
    assert entries(AuditVerb.SECOND_FACTOR_FAILED) == ["Wrong second-factor code"]


def test_an_empty_code_is_asked_for(client, staff_with_app):
    response = client.post(CODE_PAGE, {"code": ""})
    assert "Enter the security code" in response.content.decode()


def test_a_code_cannot_be_used_twice(client, partner_lead, staff_with_app):
    code = code_now(staff_with_app)
    client.post(CODE_PAGE, {"code": code})
    other = Client()
    password_only_login(other, partner_lead)
    response = other.post(CODE_PAGE, {"code": code})
    assert "The security code is not right" in response.content.decode()


def test_after_many_wrong_codes_the_page_says_how_long_to_wait(client, staff_with_app):
    TOTPDevice.objects.filter(pk=staff_with_app.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(CODE_PAGE, {"code": code_now(staff_with_app)})
    page = response.content.decode()
    assert re.search(r"Too many wrong codes. Wait 1[67] seconds", page)
    assert client.get("/portal/").status_code == 302


def test_the_wait_is_over_once_its_time_has_passed(client, staff_with_app):
    TOTPDevice.objects.filter(pk=staff_with_app.pk).update(
        throttling_failure_count=1,
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=2),
    )
    response = client.post(CODE_PAGE, {"code": code_now(staff_with_app)})
    assert response.status_code == 302


def test_a_recovery_code_works_once_and_says_how_many_are_left(client, partner_lead):
    client.force_login(partner_lead)
    client.post(RECOVERY)  # make a set
    codes = list(
        StaticToken.objects.filter(device__user=partner_lead).values_list("token", flat=True)
    )
    client.logout()
    password_only_login(client, partner_lead)
    response = client.post(CODE_PAGE, {"code": codes[0].upper()}, follow=True)
    assert "You used a recovery code. You have 9 left" in response.content.decode()
    assert entries(AuditVerb.SECOND_FACTOR) == ["Passed the second factor with a recovery code"]

    client.logout()
    password_only_login(client, partner_lead)
    StaticDevice.objects.filter(user=partner_lead).update(throttling_failure_count=0)
    response = client.post(CODE_PAGE, {"code": codes[0]})
    assert "The security code is not right" in response.content.decode()


def test_the_code_page_does_not_send_anyone_off_the_site(client, staff_with_app):
    response = client.post(
        f"{CODE_PAGE}?next=https://evil.example/", {"code": code_now(staff_with_app)}
    )
    assert response["Location"] == reverse("portal:dashboard")


def test_a_practitioner_who_set_up_an_app_needs_it_at_the_next_sign_in(client, practitioner):
    app_for(practitioner)
    password_only_login(client, practitioner)
    response = client.get("/portal/")
    assert response["Location"] == f"{CODE_PAGE}?next=/portal/"


def test_an_optional_app_removed_since_sign_in_owes_nothing(client, practitioner):
    app_for(practitioner)
    password_only_login(client, practitioner)
    TOTPDevice.objects.filter(user=practitioner).delete()
    response = client.get("/portal/", follow=True)
    assert response.redirect_chain == [(f"{CODE_PAGE}?next=/portal/", 302), ("/portal/", 302)]
    assert response.status_code == 200


def test_signing_out_needs_no_code(client, staff_with_app):
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# Recovery codes and turning it off


def test_new_recovery_codes_replace_the_old_ones(client, business_unit):
    client.force_login(business_unit)
    client.post(RECOVERY)
    first = set(StaticToken.objects.values_list("token", flat=True))
    response = client.post(RECOVERY, follow=True)
    second = set(StaticToken.objects.values_list("token", flat=True))
    assert len(second) == 10 and not first & second
    assert "The old ones no longer work" in response.content.decode()
    assert entries(AuditVerb.CHANGED) == ["Made new recovery codes", "Made new recovery codes"]


def test_a_practitioner_may_turn_it_off(client, practitioner):
    app_for(practitioner)
    client.force_login(practitioner)
    response = client.post(reverse("two_factor_turn_off"))
    assert response["Location"] == reverse("portal:account")
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    client.logout()
    password_only_login(client, practitioner)
    assert client.get("/portal/").status_code == 200
    assert entries(AuditVerb.CHANGED) == ["Turned off two-factor sign-in"]


def test_a_staff_role_may_not_turn_it_off(client, scrutineer):
    client.force_login(scrutineer)
    response = client.post(reverse("two_factor_turn_off"), follow=True)
    assert "you must use two-factor sign-in" in response.content.decode()
    assert TOTPDevice.objects.filter(user=scrutineer).exists()


def test_the_account_page_shows_the_app_and_the_codes_left(client, scrutineer):
    client.force_login(scrutineer)
    assert "You have no recovery codes" in client.get(reverse("portal:account")).content.decode()
    client.post(RECOVERY)
    page = client.get(reverse("portal:account")).content.decode()
    assert "You have 10 recovery codes left" in page
    assert "Change your authenticator app" in page
    assert "Turn off two-factor sign-in" not in page


# The business unit's reset


def test_the_business_unit_resets_someones_second_factor(client, business_unit, scrutineer):
    theirs = Client()
    theirs.force_login(scrutineer)
    client.force_login(business_unit)
    listing = client.get(reverse("portal:two_factor_accounts")).content.decode()
    reset_url = reverse("portal:two_factor_reset", args=[scrutineer.pk])
    assert f'href="{reset_url}"' in listing

    response = client.post(reset_url)
    assert response["Location"] == reverse("portal:two_factor_accounts")
    assert not TOTPDevice.objects.filter(user=scrutineer).exists()
    # Signed out everywhere: their old session goes back to the sign-in page.
    assert theirs.get("/portal/")["Location"].startswith(reverse("login"))
    [entry] = AuditEntry.objects.filter(verb=AuditVerb.SECOND_FACTOR_RESET)
    assert entry.username == business_unit.username
    assert entry.record_id == scrutineer.pk
    assert entry.summary == "Reset the second factor of scrutineer; 1 sessions ended"

    # At their next sign-in they set up a new app.
    password_only_login(theirs, scrutineer)
    response = theirs.get(CODE_PAGE)
    assert response["Location"].startswith(SET_UP)


def test_nobody_resets_their_own_second_factor(client, business_unit):
    client.force_login(business_unit)
    response = client.post(reverse("portal:two_factor_reset", args=[business_unit.pk]))
    assert response.status_code == 200
    assert "You cannot reset your own second factor" in response.content.decode()
    assert TOTPDevice.objects.filter(user=business_unit).exists()
    assert not AuditEntry.objects.filter(verb=AuditVerb.SECOND_FACTOR_RESET).exists()


def test_the_accounts_list_searches_and_runs_a_fixed_number_of_queries(
    client, business_unit, cast, django_assert_num_queries
):
    client.force_login(business_unit)
    url = reverse("portal:two_factor_accounts")
    response = client.get(url, {"q": "scrut"})
    page = response.content.decode()
    assert "1 account matching" in page
    with django_assert_num_queries(8) as small:
        client.get(url)
    for number in range(15):
        app_for(type(business_unit).objects.create(username=f"extra-{number}", role="scrutineer"))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_sessions_end_leaves_other_people_signed_in(client, business_unit, scrutineer):
    from partnership.services.two_factor import sessions_end

    client.force_login(business_unit)
    other = Client()
    other.force_login(scrutineer)
    assert sessions_end(scrutineer) == 1
    assert client.get("/portal/").status_code == 200


def test_anyone_who_may_use_the_admin_needs_the_second_factor(client, practitioner):
    practitioner.is_staff = True
    practitioner.save(update_fields=["is_staff"])
    password_only_login(client, practitioner)
    assert client.get("/admin/")["Location"] == f"{CODE_PAGE}?next=/admin/"
    assert client.get(CODE_PAGE)["Location"].startswith(SET_UP)
