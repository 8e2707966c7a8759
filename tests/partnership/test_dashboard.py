import pytest
from django.urls import reverse

from ..factories import UserFactory


def dashboard_links(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"))
    return response, [link.title for link in response.context["links"]]


def test_the_business_unit_is_offered_the_administration(client, business_unit):
    response, links = dashboard_links(client, business_unit)

    assert {"Your account", "Administration"} <= set(links)
    assert 'href="/admin/"' in response.content.decode()


@pytest.mark.parametrize("who", ["scrutineer", "agency_lead_a", "practitioner", "partner_lead"])
def test_other_roles_are_not_offered_the_admin(client, cast, who):
    response, links = dashboard_links(client, cast[who])

    assert "Administration" not in links
    assert 'href="/admin/"' not in response.content.decode()


def test_an_agency_lead_sees_their_role_and_agency(client, agency_lead_a):
    response, _ = dashboard_links(client, agency_lead_a)

    assert "Agency lead, Metropolitan Police Service" in response.content.decode()


def test_the_header_marks_the_current_page(client, practitioner):
    client.force_login(practitioner)

    html = client.get(reverse("portal:account")).content.decode()

    assert (
        '<a class="govuk-service-navigation__link" href="/portal/account/" aria-current="page">'
        in html
    )
    assert 'href="/portal/" aria-current' not in html


# Session, user, agency, then the session saved inside a savepoint: six, at any size; the
# account page also looks for an authenticator app.
@pytest.mark.parametrize(("url_name", "queries"), [("portal:dashboard", 6), ("portal:account", 7)])
def test_portal_pages_run_a_fixed_number_of_queries(
    client, practitioner, django_assert_num_queries, url_name, queries
):
    client.force_login(practitioner)
    client.get(reverse(url_name))  # the first request after sign-in stamps the session

    with django_assert_num_queries(queries):
        client.get(reverse(url_name))
    UserFactory.create_batch(30)
    with django_assert_num_queries(queries):
        client.get(reverse(url_name))


def test_the_header_keeps_to_the_daily_pages_and_the_dashboard_lists_the_rest(
    client, business_unit
):
    client.force_login(business_unit)

    response = client.get(reverse("portal:dashboard"))

    header = [item["title"] for item in response.context["navigation"]]
    dashboard = [link.title for link in response.context["links"]]
    assert "Attendance" not in header and "Attendance" in dashboard
    assert "Administration" not in header and "Administration" in dashboard
    assert {"Actions", "Meetings", "Publications"} <= set(header)
