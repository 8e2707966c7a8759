import re

from django.urls import reverse


def test_every_page_carries_a_nonce_csp_that_matches_its_inline_script(client, db):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "'unsafe-inline'" not in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_each_response_gets_a_fresh_nonce(client, db):
    first = client.get(reverse("home"))["Content-Security-Policy"]
    second = client.get(reverse("home"))["Content-Security-Policy"]
    assert first != second


def test_pages_refuse_framing_and_sniffing(client, db):
    response = client.get(reverse("home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_public_pages_offer_the_quick_exit_and_portal_pages_do_not(client, practitioner):
    public = client.get(reverse("home")).content.decode()
    client.force_login(practitioner)
    portal = client.get(reverse("portal:dashboard")).content.decode()

    assert 'data-module="govuk-exit-this-page"' in public
    assert 'data-module="govuk-exit-this-page"' not in portal


def test_the_layout_has_no_crown_or_gds_transport(client, db, settings):
    html = client.get(reverse("home")).content.decode()
    css = (settings.BASE_DIR / "static/govuk/govuk-frontend.min.css").read_text()

    assert "govuk-header__logotype" not in html
    assert "crown" not in html.lower()
    assert "GDS Transport" not in css
    assert "@font-face" not in css


def test_pages_the_public_can_open_all_offer_the_quick_exit(client, db):
    for name in ["home", "accessibility", "privacy", "login", "sign_up", "password_reset"]:
        assert 'data-module="govuk-exit-this-page"' in client.get(reverse(name)).content.decode(), (
            name
        )
