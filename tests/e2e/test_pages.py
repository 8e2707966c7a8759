"""Every page of the portal, opened in Chromium as a role that may see it, passes axe-core."""

import pytest
from django.urls import reverse

from partnership.models import Role

from ..partnership.test_access import PATTERNS, access_of, example_url
from ..url_examples import NOT_HTML, POST_ONLY
from .conftest import assert_accessible

pytestmark = pytest.mark.browser

ROLE_FIXTURES = {
    Role.BUSINESS_UNIT: "business_unit",
    Role.SCRUTINEER: "scrutineer",
    Role.AGENCY_LEAD: "agency_lead_a",
    Role.PRACTITIONER: "practitioner",
    Role.PARTNER_LEAD: "partner_lead",
}
HTML_PAGES = [
    (name, callback) for _, name, callback in PATTERNS if name not in NOT_HTML | POST_ONLY
]


def visitor(access):
    """The public where it may, otherwise the first declared role."""
    if access.anonymous:
        return None
    return next(role for role in ROLE_FIXTURES if role in access.roles)


@pytest.mark.parametrize(("name", "callback"), HTML_PAGES, ids=[name for name, _ in HTML_PAGES])
def test_every_page_passes_axe(page, sign_in_as, request, cast, name, callback):
    role = visitor(access_of(callback))
    if role is not None:
        sign_in_as(request.getfixturevalue(ROLE_FIXTURES[role]))

    response = page.goto(example_url(name, cast))

    assert response.status == 200
    assert_accessible(page, name.replace(":", "-"))


@pytest.mark.parametrize("role", list(ROLE_FIXTURES), ids=str)
def test_each_roles_dashboard_passes_axe(page, sign_in_as, request, role):
    sign_in_as(request.getfixturevalue(ROLE_FIXTURES[role]))

    page.goto(reverse("portal:dashboard"))

    assert page.locator("h1").inner_text() == "Your dashboard"
    assert_accessible(page, f"dashboard-{role}")


def test_the_404_page_passes_axe_and_refusals_redirect(page, sign_in_as, practitioner):
    page.goto("/no-such-page/")
    assert page.locator("h1").inner_text() == "Page not found"
    # The browser logs the 404 status of the page itself; nothing else may fail.
    assert_accessible(page, "404", expected_errors=("status of 404",))

    sign_in_as(practitioner)
    page.goto(reverse("portal:dashboard"))
    assert_accessible(page, "signed-in-practitioner")
    # The Django admin turns away anyone who is not staff, to its own sign-in page.
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    # Signed-in people asking for the sign-in page are sent to their dashboard.
    page.goto(reverse("login"))
    assert page.url.endswith(reverse("portal:dashboard"))
