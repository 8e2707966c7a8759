"""The dashboard and header offer meetings, attendance and priorities to the roles that may
open them, and to no one else."""

import pytest
from django.urls import reverse

OFFERED = {
    "business_unit": {"Meetings", "Attendance", "Priorities"},
    "scrutineer": {"Meetings", "Attendance", "Priorities"},
    "partner_lead": {"Meetings", "Attendance", "Priorities"},
    "agency_lead_a": {"Priorities"},
    "practitioner": set(),
}


@pytest.mark.parametrize("who", list(OFFERED))
def test_each_role_is_offered_the_pages_it_may_open(client, cast, who):
    client.force_login(cast[who])

    response = client.get(reverse("portal:dashboard"))

    titles = {link.title for link in response.context["links"]}
    assert titles & {"Meetings", "Attendance", "Priorities"} == OFFERED[who]
    for link in response.context["links"]:
        if link.title in OFFERED[who]:
            assert client.get(reverse(link.url_name)).status_code == 200
