"""Every page, download and redirect carries the security headers that `check --deploy` does
not look for: a Content-Security-Policy without 'unsafe-inline', Referrer-Policy,
Permissions-Policy (partnership.middleware) and X-Content-Type-Options. Each URL pattern is
fetched as someone who may use it, as the browser check of every page chooses."""

import pytest
from django.urls import reverse

from partnership.middleware import PERMISSIONS_POLICY

from ..e2e.test_pages import ROLE_FIXTURES, visitor
from ..partnership.test_access import PATTERNS, access_of, example_url
from ..url_examples import POST_ONLY

GETTABLE = [(name, callback) for _, name, callback in PATTERNS if name not in POST_ONLY]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def assert_secure_headers(response, *, csp=True):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    if csp:
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        for name in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[name], name
            assert "'unsafe-eval'" not in policy[name], name


@pytest.mark.parametrize(("name", "callback"), GETTABLE, ids=[name for name, _ in GETTABLE])
def test_every_page_and_download_carries_the_headers(client, cast, request, name, callback):
    role = visitor(access_of(callback))
    if role is not None:
        client.force_login(request.getfixturevalue(ROLE_FIXTURES[role]))

    response = client.get(example_url(name, cast))

    # A few views answer a GET with a redirect (to a record, or back to a list); those count.
    assert response.status_code in (200, 302), response.status_code
    assert_secure_headers(response)


def test_redirects_refusals_and_missing_pages_carry_them(client, cast):
    assert_secure_headers(client.get(reverse("portal:dashboard")))  # anonymous: to sign in
    assert_secure_headers(client.get("/no-such-page/"))

    client.force_login(cast["practitioner"])
    refused = client.get(reverse("portal:audit_log"))
    assert refused.status_code in (403, 404)
    assert_secure_headers(refused)
    assert_secure_headers(client.get(reverse("sign_up")))  # signed in: to the dashboard


def test_post_only_views_carry_them(client, cast, request):
    for _, name, callback in PATTERNS:
        if name not in POST_ONLY:
            continue
        role = visitor(access_of(callback))
        client.logout()
        if role is not None:
            client.force_login(request.getfixturevalue(ROLE_FIXTURES[role]))
        assert_secure_headers(client.post(example_url(name, cast)))


def test_the_too_many_attempts_page_carries_them(client, db, settings):
    settings.RATE_LIMIT_PUBLIC_FORMS = "1/h"
    client.post(reverse("subscribe"), {"email": "reader@example.org"})

    response = client.post(reverse("subscribe"), {"email": "reader@example.org"})

    assert response.status_code == 429
    assert_secure_headers(response)


def test_static_files_are_not_sniffed(client, db):
    """Stylesheets and scripts are not documents, so no policy governs them, but a browser must
    not take one for another type, and they pass on no referrer or feature either."""
    response = client.get("/static/portal/favicon.svg")

    assert response.status_code == 200
    assert_secure_headers(response, csp=False)
