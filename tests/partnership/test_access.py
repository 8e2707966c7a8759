"""The URL × role matrix: every URL pattern declares who may use it, and every role (and the
public) gets exactly the declared outcome. Later issues' views join by declaring their roles;
a URL with parameters needs an example in tests/url_examples/."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnership.access import access_of

from ..second_factor import app_for, password_only_login
from ..url_examples import EXAMPLES, OUTCOMES, POST_ONLY


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner or None)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry.callback


def portal_patterns(urlconf=None):
    """Every pattern outside the Django admin, which guards itself (see test_admin_is_for_staff)."""
    return [p for p in walk(get_resolver(urlconf).url_patterns) if not p[0].startswith("admin/")]


def undeclared(urlconf=None):
    return [route for route, _, callback in portal_patterns(urlconf) if access_of(callback) is None]


PATTERNS = portal_patterns()


def example_url(name, cast):
    """The URL of a pattern, with example arguments made for it where it takes some."""
    return reverse(name, kwargs=EXAMPLES[name](cast) if name in EXAMPLES else None)


def test_every_url_declares_who_may_use_it():
    assert undeclared() == []


def test_the_check_finds_a_view_without_a_declaration(settings):
    assert undeclared("tests.partnership.urls_undeclared") == ["forgotten/"]


def test_every_url_pattern_has_a_name():
    assert [route for route, name, _ in PATTERNS if not name] == []


def test_every_parameterised_url_has_an_example():
    assert [name for route, name, _ in PATTERNS if "<" in route and name not in EXAMPLES] == []


def expected(access, user, who, name):
    if who in OUTCOMES.get(name, {}):
        return OUTCOMES[name][who]
    if user is None:
        return 200 if access.anonymous else "sign-in"
    if access.guest_only:
        return "dashboard"
    if user.role in access.roles:
        return 200
    # A sensitive view does not confirm that its records exist to a role that may not see them.
    return 404 if access.sensitive else 403


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return "sign-in"
        if location == reverse("portal:dashboard"):
            return "dashboard"
        return f"302 to {location}"
    return response.status_code


@pytest.mark.parametrize(("route", "name", "callback"), PATTERNS, ids=[p[1] for p in PATTERNS])
def test_each_role_gets_the_declared_outcome(client, cast, route, name, callback):
    url = example_url(name, cast)
    access = access_of(callback)
    results = {}
    for who, user in cast.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        got, want = outcome(response), expected(access, user, who, name)
        # "302 to a record" in OUTCOMES: a redirect to a record the example made, whose
        # address the example module cannot know in advance.
        if want == "302 to a record" and str(got).startswith("302 to /portal/"):
            got = want
        results[who] = (got, want)
    assert {who: got for who, (got, _) in results.items()} == {
        who: want for who, (_, want) in results.items()
    }


def test_anonymous_requests_to_the_portal_are_sent_to_sign_in(client, cast):
    portal = [(route, name) for route, name, _ in PATTERNS if route.startswith("portal/")]
    assert portal, "the portal has pages"
    for _, name in portal:
        url = example_url(name, cast)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=/portal/")


def test_admin_is_for_staff(client, cast):
    for who, user in cast.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get("/admin/")
        if who == "business_unit":
            assert response.status_code == 200, who
        else:
            assert response.status_code == 302, who
            assert response["Location"].startswith("/admin/login/"), who


SECOND_FACTOR_PAGE = "/accounts/two-factor/"


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_staff_reach_no_signed_in_page_before_the_second_factor(client, cast, who):
    """Signed in with the password only, a staff role reaches the second factor's own pages
    and signing out, and is sent to the code page from every other page that is not public:
    all of /portal/ and the admin."""
    user = cast[who]
    app_for(user)
    password_only_login(client, user)
    reached = {}
    for _route, name, callback in PATTERNS:
        access = access_of(callback)
        if access.anonymous:
            continue
        url = example_url(name, cast)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        location = response.get("Location", "")
        sent_to_code = response.status_code == 302 and location.startswith(
            f"{SECOND_FACTOR_PAGE}?next="
        )
        reached[name] = "code page" if sent_to_code else response.status_code
    expected = {
        name: 200 if access_of(callback).before_second_factor else "code page"
        for route, name, callback in PATTERNS
        if not access_of(callback).anonymous
    }
    # With an app set up, the set-up page sends them to the code page too: otherwise a
    # password alone could replace the owner's app.
    expected["two_factor_setup"] = "code page"
    assert reached == expected
    assert sum(1 for route in reached if route.startswith("portal:")) > 50
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SECOND_FACTOR_PAGE}?next=/admin/")


def test_a_practitioner_without_an_app_needs_no_second_factor(client, cast):
    password_only_login(client, cast["practitioner"])
    assert client.get(reverse("portal:dashboard")).status_code == 200
