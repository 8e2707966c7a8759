"""The public home page: the statutory partners and the latest publications."""

import pytest
from django.urls import reverse

from partnership import services
from partnership.models import AgencyKind

from ..factories import AgencyFactory, PublicationFactory


def published(**fields):
    publication = PublicationFactory(**fields)
    services.publication_publish(publication=publication, user=None)
    return publication


def test_the_home_page_names_the_active_statutory_partners(client, db):
    AgencyFactory(name="London Borough of Thameside", kind=AgencyKind.LOCAL_AUTHORITY)
    AgencyFactory(name="Metropolitan Police Service", kind=AgencyKind.POLICE)
    AgencyFactory(name="NHS North East London", kind=AgencyKind.ICB)
    AgencyFactory(name="Old Clinical Commissioning Group", kind=AgencyKind.ICB, is_active=False)
    AgencyFactory(name="Thameside Primary School", kind=AgencyKind.EDUCATION)

    page = client.get(reverse("home")).content.decode()

    assert "The statutory partners" in page
    assert page.index("London Borough of Thameside") < page.index("NHS North East London")
    assert page.index("NHS North East London") < page.index("Metropolitan Police Service")
    assert "Old Clinical Commissioning Group" not in page
    assert "Thameside Primary School" not in page


def test_the_home_page_shows_the_three_newest_publications(client, db):
    for n in range(1, 5):
        published(title=f"Newsletter number {n}")
    PublicationFactory(title="An unpublished draft")

    page = client.get(reverse("home")).content.decode()

    assert "Latest publications" in page
    assert [f"Newsletter number {n}" in page for n in range(1, 5)] == [False, True, True, True]
    assert "An unpublished draft" not in page
    assert f'href="{reverse("publications")}"' in page


def test_the_home_page_keeps_its_advice_on_reporting_a_concern(client, db):
    page = client.get(reverse("home")).content.decode()

    assert "If a child is in immediate danger, call 999." in page
    assert "Report a concern about a child" in page


@pytest.mark.parametrize("rows", [1, 6])
def test_the_home_page_runs_the_same_queries_however_many_rows(
    client, db, django_assert_num_queries, rows
):
    for n in range(rows):
        published()
        AgencyFactory(name=f"Police force {n}", kind=AgencyKind.POLICE)

    # the statutory partners, the latest publications with their published versions
    with django_assert_num_queries(2):
        response = client.get(reverse("home"))

    assert response.status_code == 200
