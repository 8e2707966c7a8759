import re

import pytest
from django.core import mail
from django.urls import reverse

from partnership.models import Role, User

from ..factories import AgencyFactory, UserFactory

GOOD_PASSWORD = "a-long-enough-passphrase-42"


@pytest.fixture
def form_data(agency_b):
    return {
        "first_name": "Sam",
        "last_name": "Okafor",
        "email": "Sam.Okafor@nelft.nhs.uk",
        "agency": agency_b.pk,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }


def sign_up(client, django_capture_on_commit_callbacks, data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("sign_up"), data)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_it_creates_an_unverified_practitioner_and_emails_a_link(
    client, django_capture_on_commit_callbacks, form_data
):
    response = sign_up(client, django_capture_on_commit_callbacks, form_data)

    assert response.status_code == 302
    assert response["Location"] == reverse("sign_up_done")
    user = User.objects.get(email="Sam.Okafor@nelft.nhs.uk")
    assert (user.role, user.agency_id, user.email_verified) == (
        Role.PRACTITIONER,
        form_data["agency"],
        False,
    )
    assert user.username == "sam.okafor@nelft.nhs.uk"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Sam.Okafor@nelft.nhs.uk"]
    assert "/accounts/verify/" in link_in(mail.outbox[0])


def test_the_link_confirms_the_address_once(client, django_capture_on_commit_callbacks, form_data):
    sign_up(client, django_capture_on_commit_callbacks, form_data)
    link = link_in(mail.outbox[0])

    response = client.get(link)

    assert "Email address confirmed" in response.content.decode()
    assert User.objects.get(email__iexact=form_data["email"]).email_verified
    again = client.get(link)
    assert "already confirmed" in again.content.decode()


def test_an_unverified_account_cannot_sign_in(
    client, django_capture_on_commit_callbacks, form_data
):
    sign_up(client, django_capture_on_commit_callbacks, form_data)

    response = client.post(
        reverse("login"), {"username": form_data["email"], "password": GOOD_PASSWORD}
    )

    assert response.status_code == 200
    assert "Confirm your email address before you sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_verifying_the_practitioner_signs_in_with_their_email(
    client, django_capture_on_commit_callbacks, form_data
):
    sign_up(client, django_capture_on_commit_callbacks, form_data)
    client.get(link_in(mail.outbox[0]))

    response = client.post(
        reverse("login"), {"username": "sam.okafor@NELFT.nhs.uk", "password": GOOD_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def test_a_tampered_link_is_refused(client, django_capture_on_commit_callbacks, form_data):
    sign_up(client, django_capture_on_commit_callbacks, form_data)
    link = link_in(mail.outbox[0])

    response = client.get(link[:-4] + "abc/")

    assert "This link has expired" in response.content.decode()
    assert not User.objects.get(email__iexact=form_data["email"]).email_verified


def test_a_link_sent_to_an_address_since_changed_is_refused(
    client, django_capture_on_commit_callbacks, form_data
):
    sign_up(client, django_capture_on_commit_callbacks, form_data)
    User.objects.filter(email__iexact=form_data["email"]).update(email="someone.else@nelft.nhs.uk")

    response = client.get(link_in(mail.outbox[0]))

    assert "This link has expired" in response.content.decode()
    assert not User.objects.get(email="someone.else@nelft.nhs.uk").email_verified


def test_a_link_older_than_the_limit_is_refused(
    client, settings, django_capture_on_commit_callbacks, form_data
):
    sign_up(client, django_capture_on_commit_callbacks, form_data)
    link = link_in(mail.outbox[0])
    settings.EMAIL_VERIFICATION_TIMEOUT = -1

    response = client.get(link)

    assert "This link has expired" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "sam@gmail.com"}, "email", "Enter your work email address, not a personal one"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"agency": ""}, "agency", "Select the agency you work for"),
        ({"first_name": ""}, "first_name", "Enter your first name"),
        ({"password2": "something-else-entirely"}, "password2", "The passwords do not match"),
        ({"password1": "short", "password2": "short"}, "password1", "This password is too short"),
    ],
)
def test_it_names_what_is_wrong_and_creates_nothing(client, form_data, change, field, message):
    response = client.post(reverse("sign_up"), {**form_data, **change})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}' in html
    assert message in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_an_address_already_in_use_is_refused(client, form_data):
    UserFactory(email="sam.okafor@nelft.nhs.uk")

    response = client.post(reverse("sign_up"), form_data)

    assert "An account already uses this email address" in response.content.decode()
    assert User.objects.count() == 1


def test_an_inactive_agency_cannot_be_chosen(client, form_data):
    closed = AgencyFactory(name="Closed agency", is_active=False)

    response = client.post(reverse("sign_up"), {**form_data, "agency": closed.pk})

    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.exists()


def test_a_new_link_can_be_asked_for_without_revealing_accounts(
    client, django_capture_on_commit_callbacks, form_data
):
    sign_up(client, django_capture_on_commit_callbacks, form_data)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(
            reverse("resend_verification"), {"email": "nobody@nelft.nhs.uk"}, follow=True
        )
        known = client.post(
            reverse("resend_verification"), {"email": form_data["email"]}, follow=True
        )

    assert "If an account with that address" in unknown.content.decode()
    assert "If an account with that address" in known.content.decode()
    assert [message.to for message in mail.outbox] == [[form_data["email"]]]


def test_a_signed_in_user_is_sent_to_their_dashboard(client, practitioner):
    client.force_login(practitioner)

    response = client.get(reverse("sign_up"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def classes_of(html: str, name: str) -> set[str]:
    tag = re.search(rf'<(?:input|select|textarea)[^>]*\bname="{name}"[^>]*>', html).group(0)
    return set(re.search(r'class="([^"]*)"', tag).group(1).split())


def test_each_control_in_error_gets_its_own_govuk_error_class(client, form_data):
    response = client.post(
        reverse("sign_up"),
        {**form_data, "email": "x", "agency": "", "password2": "other-one-entirely"},
    )

    html = response.content.decode()
    assert "govuk-input--error" in classes_of(html, "email")
    assert "govuk-select--error" in classes_of(html, "agency")
    assert "govuk-input--error" in classes_of(html, "password2")
    assert "govuk-input--error" not in classes_of(html, "first_name")
