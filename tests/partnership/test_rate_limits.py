"""The public forms that send email take RATE_LIMIT_PUBLIC_FORMS posts per address, then answer
429 with a page saying how long to wait, and do nothing else (partnership.ratelimit)."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse

from partnership.models import Subscriber, User
from partnership.ratelimit import wait_words

from ..factories import UserFactory

LIMIT = 3
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
GOOD_PASSWORD = "a-long-enough-passphrase-42"


@dataclass
class PublicForm:
    url_name: str
    data: Callable  # (n, agency) -> the nth post's fields, each for a different address
    records: Callable  # () -> how many of what the form makes exist


def sign_up_data(n, agency):
    return {
        "first_name": "Sam",
        "last_name": "Okafor",
        "email": f"sam.okafor{n}@nelft.nhs.uk",
        "agency": agency.pk,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }


def waiting_user(n, agency):
    """An account whose address is not confirmed yet, so a new link is sent to it."""
    user = UserFactory(email=f"waiting{n}@nelft.nhs.uk", agency=agency, email_verified=False)
    return {"email": user.email}


def known_user(n, agency):
    return {"email": UserFactory(email=f"known{n}@nelft.nhs.uk", agency=agency).email}


FORMS = {
    "sign_up": PublicForm("sign_up", sign_up_data, lambda: User.objects.count()),
    "resend_verification": PublicForm("resend_verification", waiting_user, lambda: 0),
    "password_reset": PublicForm("password_reset", known_user, lambda: 0),
    "subscribe": PublicForm(
        "subscribe",
        lambda n, agency: {"email": f"reader{n}@example.org", "kinds": ["newsletter"]},
        lambda: Subscriber.objects.count(),
    ),
}


@pytest.fixture(autouse=True)
def _low_limit(settings):
    settings.RATE_LIMIT_PUBLIC_FORMS = f"{LIMIT}/h"


@pytest.fixture(params=list(FORMS))
def form(request):
    return FORMS[request.param]


def post(client, capture, form, n, agency, address=OFFICE):
    data = form.data(n, agency)
    with capture(execute=True):
        return client.post(reverse(form.url_name), data, REMOTE_ADDR=address)


def test_posts_under_the_limit_do_what_they_always_did(
    client, django_capture_on_commit_callbacks, agency_b, form
):
    for n in range(LIMIT):
        response = post(client, django_capture_on_commit_callbacks, form, n, agency_b)
        assert response.status_code == 302, n

    assert len(mail.outbox) == LIMIT


def test_a_post_over_the_limit_gets_a_clear_429_and_changes_nothing(
    client, django_capture_on_commit_callbacks, agency_b, form
):
    for n in range(LIMIT):
        post(client, django_capture_on_commit_callbacks, form, n, agency_b)
    sent, made = len(mail.outbox), form.records()

    response = post(client, django_capture_on_commit_callbacks, form, LIMIT, agency_b)

    assert response.status_code == 429
    page = response.content.decode()
    assert "<title>Too many attempts" in page
    assert "You have tried this too many times. Wait an hour and try again." in page
    assert (len(mail.outbox), form.records()) == (sent, made)


def test_another_address_is_not_limited(client, django_capture_on_commit_callbacks, agency_b, form):
    for n in range(LIMIT + 1):
        post(client, django_capture_on_commit_callbacks, form, n, agency_b)

    response = post(
        client, django_capture_on_commit_callbacks, form, LIMIT + 1, agency_b, ELSEWHERE
    )

    assert response.status_code == 302
    assert len(mail.outbox) == LIMIT + 1


def test_each_form_has_its_own_allowance(client, django_capture_on_commit_callbacks, agency_b):
    for n in range(LIMIT + 1):
        post(client, django_capture_on_commit_callbacks, FORMS["sign_up"], n, agency_b)

    response = post(client, django_capture_on_commit_callbacks, FORMS["subscribe"], 0, agency_b)

    assert response.status_code == 302


def test_the_form_pages_still_open_for_a_limited_address(
    client, django_capture_on_commit_callbacks, agency_b, form
):
    for n in range(LIMIT + 1):
        post(client, django_capture_on_commit_callbacks, form, n, agency_b)

    assert client.get(reverse(form.url_name), REMOTE_ADDR=OFFICE).status_code == 200


@pytest.mark.parametrize(
    ("rate", "words"),
    [("10/h", "an hour"), ("10/2h", "2 hours"), ("5/m", "a minute"), ("100/d", "a day")],
)
def test_the_page_says_how_long_to_wait(rate, words):
    assert wait_words(rate) == words
