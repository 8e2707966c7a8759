import re

from django.core import mail
from django.urls import reverse

from ..factories import PASSWORD

NEW_PASSWORD = "a-brand-new-passphrase-77"


def test_a_reset_link_lets_the_person_choose_a_new_password(client, practitioner):
    response = client.post(reverse("password_reset"), {"email": "PRACTITIONER@agency.example"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done["Location"] == reverse("password_reset_complete")
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    assert not practitioner.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@agency.example"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_bad_link_says_it_has_expired(client, practitioner):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )

    assert "This link has expired" in response.content.decode()


def test_a_signed_in_user_changes_their_password(client, practitioner):
    client.force_login(practitioner)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    html = response.content.decode()
    assert "Your password has been changed" in html
    assert (
        'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in html
    )
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_is_named(client, practitioner):
    client.force_login(practitioner)

    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    html = response.content.decode()
    assert "<title>Error: Change your password" in html
    assert 'href="#id_old_password"' in html
