"""Actions raised from recommendations, as the one action tracker lists them: named by their
recommendation and its review, in a fixed number of queries whatever the number of rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.models import Action

from .factories import RecommendationFactory, rapid_review

pytestmark = pytest.mark.django_db


def raise_actions(count, agency):
    for n in range(count):
        parent = (
            {"review": None, "rapid_review": rapid_review()} if n % 2 else {}
        )  # every other one a rapid review's
        Action.objects.create(
            title=f"Action {n}",
            owner_agency=agency,
            due_on=datetime.date(2030, 1, 1),
            source=RecommendationFactory(**parent),
        )


def test_the_tracker_names_each_recommendation_and_its_review(client, business_unit, agency_a):
    raise_actions(2, agency_a)
    client.force_login(business_unit)

    html = client.get(reverse("portal:actions")).content.decode()

    assert re.search(r"Recommendation: Recommendation \d+ of Local CSPR: Child [A-Z]<", html)
    assert re.search(r"Recommendation: Recommendation \d+ of Rapid review, SIN-2024-\d+<", html)


def test_the_tracker_lists_them_in_the_same_number_of_queries_at_any_size(
    client, business_unit, agency_a
):
    client.force_login(business_unit)
    client.get(reverse("portal:actions"))  # the first request after sign-in stamps the session

    def queries(count):
        Action.objects.all().delete()
        raise_actions(count, agency_a)
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("portal:actions"))
        return len(context)

    assert queries(2) == queries(12)
