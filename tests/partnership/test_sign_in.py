import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.7"


def sign_in(client, username, password, address=OFFICE):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    "identifier", ["practitioner", "PRACTITIONER", "practitioner@agency.example"]
)
def test_it_accepts_a_user_name_or_email_address(client, practitioner, identifier):
    response = sign_in(client, identifier, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def test_a_wrong_password_gets_a_clear_message(client, practitioner):
    response = sign_in(client, "practitioner", "wrong-password")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "Enter a correct user name or email address and password" in html


def test_it_honours_a_safe_next_address_only(client, practitioner):
    kept = client.post(
        reverse("login") + "?next=/portal/account/",
        {"username": "practitioner", "password": PASSWORD},
    )
    client.logout()
    dropped = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "practitioner", "password": PASSWORD},
    )

    assert kept["Location"] == "/portal/account/"
    assert dropped["Location"] == reverse("portal:dashboard")


def test_a_closed_account_cannot_sign_in(client, db):
    UserFactory(username="left", is_active=False)

    response = sign_in(client, "left", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


class TestThrottling:
    """django-axes locks the pair (user name, address): five failures lock that pair only."""

    def fail(self, client, username, times, address=OFFICE):
        for _ in range(times):
            sign_in(client, username, "wrong-password", address)

    def test_the_fifth_failure_locks_the_account_from_that_address(
        self, client, practitioner, settings
    ):
        self.fail(client, "practitioner", settings.AXES_FAILURE_LIMIT)

        response = sign_in(client, "practitioner", PASSWORD)

        assert response.status_code == 429
        assert "Too many attempts to sign in" in response.content.decode()
        assert "30 minutes" in response.content.decode()

    def test_the_same_person_can_still_sign_in_from_elsewhere(self, client, practitioner, settings):
        self.fail(client, "practitioner", settings.AXES_FAILURE_LIMIT)

        response = sign_in(client, "practitioner", PASSWORD, address=ELSEWHERE)

        assert response.status_code == 302

    def test_colleagues_in_the_same_office_are_not_locked_out(
        self, client, practitioner, scrutineer, settings
    ):
        self.fail(client, "practitioner", settings.AXES_FAILURE_LIMIT)

        response = sign_in(client, "scrutineer", PASSWORD)

        assert response.status_code == 302

    def test_a_success_before_the_limit_clears_the_count(self, client, practitioner, settings):
        self.fail(client, "practitioner", settings.AXES_FAILURE_LIMIT - 1)
        assert sign_in(client, "practitioner", PASSWORD).status_code == 302
        client.logout()

        self.fail(client, "practitioner", settings.AXES_FAILURE_LIMIT - 1)

        assert sign_in(client, "practitioner", PASSWORD).status_code == 302
        assert not AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).exists()


def test_signing_out_needs_a_post(client, practitioner):
    client.force_login(practitioner)

    confirm = client.get(reverse("logout"))
    assert confirm.status_code == 200
    assert "_auth_user_id" in client.session

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session
