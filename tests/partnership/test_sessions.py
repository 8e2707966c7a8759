import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from partnership.middleware import SIGNED_IN_AT


def test_the_idle_limit_is_thirty_minutes_renewed_on_each_request(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_pushes_the_idle_expiry_back(client, practitioner):
    client.force_login(practitioner)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    client.get(reverse("portal:dashboard"))

    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=29)


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(client, practitioner):
    client.force_login(practitioner)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("portal:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_busy_session_ends_twelve_hours_after_sign_in(client, practitioner, settings):
    assert settings.SESSION_ABSOLUTE_LIMIT == 12 * 60 * 60
    client.force_login(practitioner)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_LIMIT - 1
    session.save()

    response = client.get(reverse("portal:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    sign_in_page = client.get(response["Location"]).content.decode()
    assert "Your session has ended" in sign_in_page
    assert 'class="govuk-notification-banner" role="region"' in sign_in_page


def test_a_session_younger_than_twelve_hours_carries_on(client, practitioner, settings):
    client.force_login(practitioner)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_LIMIT + 60
    session.save()

    assert client.get(reverse("portal:dashboard")).status_code == 200
