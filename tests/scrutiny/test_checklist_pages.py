"""The list of the scrutineer's checklists and the page that starts one."""

import datetime

import pytest
from django.urls import reverse

from partnership.navigation import links_for
from scrutiny.models import Assessment, AssessmentStatus, FrameworkPurpose
from scrutiny.services import assessments as assessment_services

from .factories import PERIOD, make_framework

LIST = reverse("scrutiny:checklists")
CREATE = reverse("scrutiny:checklist_create")


@pytest.fixture
def framework(db):
    return make_framework(name="Independent scrutiny checklist", slug="checklist")


@pytest.fixture
def levels(framework):
    return {level.code: level for level in framework.scale.levels.all()}


def start(framework, year=2024, **kwargs):
    return assessment_services.assessment_create(
        framework=framework,
        period_start=datetime.date(year, 4, 1),
        period_end=datetime.date(year + 1, 3, 31),
        **kwargs,
    )


def rate(assessment, levels, *codes):
    for rating, code in zip(assessment.ratings.all(), codes, strict=False):
        assessment_services.rating_save(
            rating=rating, level=levels[code], evidence="", actions_required=""
        )


def date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


# The list


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("scrutineer", 200),
        ("partner_lead", 200),
        ("agency_lead_a", 403),
        ("practitioner", 403),
    ],
)
def test_the_list_is_for_the_business_unit_the_scrutineer_and_partner_leads(
    client, cast, who, status
):
    client.force_login(cast[who])

    assert client.get(LIST).status_code == status


def test_it_lists_only_the_partnerships_checklists_newest_first(
    client, scrutineer, framework, agency_a
):
    older, newer = start(framework, 2023), start(framework, 2024)
    start(make_framework(purpose=FrameworkPurpose.SECTION_11), 2024)
    start(framework, 2024, agency=agency_a)
    client.force_login(scrutineer)

    response = client.get(LIST)

    assert response.context["assessments"] == [newer, older]


def test_each_checklist_shows_its_status_and_the_count_of_each_level_as_text(
    client, scrutineer, framework, levels
):
    checklist = start(framework)
    rate(checklist, levels, "green", "green", "amber", "red")
    client.force_login(scrutineer)

    page = client.get(LIST).content.decode()

    assert ">Draft</strong>" in page
    assert '2 <strong class="govuk-tag govuk-tag--green">Green</strong>' in page
    assert '1 <strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    assert '1 <strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert '2 <strong class="govuk-tag govuk-tag--grey">Not rated</strong>' in page


@pytest.mark.parametrize(
    ("who", "offered"), [("business_unit", True), ("scrutineer", True), ("partner_lead", False)]
)
def test_only_those_who_may_start_a_checklist_are_offered_it(client, cast, who, offered):
    client.force_login(cast[who])

    assert (CREATE in client.get(LIST).content.decode()) is offered


def test_the_list_runs_the_same_queries_whatever_the_number_of_checklists(
    client, scrutineer, framework, levels, django_assert_num_queries
):
    client.force_login(scrutineer)
    for year in (2020, 2021):
        rate(start(framework, year), levels, "green", "red")
    with django_assert_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["assessments"]) == 2

    other = make_framework(name="Older wording", slug="checklist-old")
    for year in range(1990, 2018):
        rate(start(other if year % 2 else framework, year), levels, "amber")
    with django_assert_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["assessments"]) == 25
    assert "govuk-pagination" in response.content.decode()


def test_the_checklist_is_on_the_dashboard_of_those_who_read_it(cast):
    def titles(who):
        return [link.title for link in links_for(cast[who])]

    assert "Scrutiny checklist" in titles("scrutineer")
    assert "Scrutiny checklist" in titles("business_unit")
    assert "Scrutiny checklist" in titles("partner_lead")
    assert "Scrutiny checklist" not in titles("agency_lead_a")
    assert "Scrutiny checklist" not in titles("practitioner")


# Starting one


def post_new(client, framework, start_day=PERIOD[0], end_day=PERIOD[1], **extra):
    data = {"framework": framework.pk if framework else ""}
    data |= date_fields("period_start", start_day) | date_fields("period_end", end_day)
    return client.post(CREATE, data | extra)


@pytest.mark.parametrize(
    ("who", "status"),
    [("business_unit", 200), ("scrutineer", 200), ("partner_lead", 403), ("agency_lead_a", 403)],
)
def test_the_business_unit_and_the_scrutineer_start_checklists(client, cast, who, status):
    client.force_login(cast[who])

    assert client.get(CREATE).status_code == status


def test_a_checklist_starts_with_every_question_unrated(client, business_unit, framework):
    client.force_login(business_unit)

    response = post_new(client, framework)

    checklist = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("scrutiny:assessment", kwargs={"pk": checklist.pk})
    assert (checklist.agency, checklist.period_start, checklist.period_end) == (None, *PERIOD)
    assert checklist.status == AssessmentStatus.DRAFT
    assert checklist.ratings.count() == 6
    assert not checklist.ratings.filter(level__isnull=False).exists()


def test_it_can_start_from_the_last_checklist(client, scrutineer, framework, levels):
    last = start(framework, 2023)
    first = last.ratings.first()
    assessment_services.rating_save(
        rating=first, level=levels["red"], evidence="No yearly report", actions_required="Publish"
    )
    client.force_login(scrutineer)

    assert "From the last checklist (1 April 2023 to 31 March 2024)" in (
        client.get(CREATE).content.decode()
    )
    post_new(client, framework, start_from="last")

    new = Assessment.objects.exclude(pk=last.pk).get()
    copied = new.ratings.get(question=first.question)
    assert new.previous == last
    assert (copied.level, copied.evidence, copied.actions_required) == (
        None,
        "No yearly report",
        "Publish",
    )


def test_without_the_option_it_starts_afresh(client, scrutineer, framework, levels):
    last = start(framework, 2023)
    assessment_services.rating_save(
        rating=last.ratings.first(), level=None, evidence="Old", actions_required=""
    )
    client.force_login(scrutineer)

    post_new(client, framework, start_from="blank")

    new = Assessment.objects.exclude(pk=last.pk).get()
    assert new.previous is None
    assert set(new.ratings.values_list("evidence", flat=True)) == {""}


def test_with_no_checklist_yet_there_is_nothing_to_start_from(client, scrutineer, framework):
    client.force_login(scrutineer)

    response = client.get(CREATE)

    assert "start_from" not in response.context["form"].fields


def test_only_the_latest_version_of_each_checklist_is_offered(client, scrutineer, framework):
    newer = make_framework(slug=framework.slug, version=2, name=framework.name)
    make_framework(purpose=FrameworkPurpose.SECTION_11)
    client.force_login(scrutineer)

    offered = list(client.get(CREATE).context["form"].fields["framework"].queryset)

    assert offered == [newer]
    assert post_new(client, framework).context["form"].errors["framework"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"framework": ""}, "framework", "Select the checklist to use"),
        ({"period_start_0": ""}, "period_start", "The start of the period must include a day"),
        (
            {"period_end_2": "2024"},
            "period_end",
            "The end of the period must be the same as or after its start",
        ),
    ],
)
def test_it_says_what_is_wrong_and_starts_nothing(
    client, scrutineer, framework, change, field, message
):
    client.force_login(scrutineer)
    data = {"framework": framework.pk}
    data |= date_fields("period_start", PERIOD[0]) | date_fields("period_end", PERIOD[1])

    response = client.post(CREATE, data | change)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert "<title>Error: " in response.content.decode()
    assert not Assessment.objects.exists()


def test_with_no_checklist_framework_loaded_it_says_so(client, scrutineer):
    client.force_login(scrutineer)

    response = client.get(CREATE)

    assert "No checklist framework has been loaded yet" in response.content.decode()


def test_with_a_last_checklist_it_asks_how_to_start(client, scrutineer, framework):
    start(framework, 2023)
    client.force_login(scrutineer)

    response = post_new(client, framework)

    assert "Select how you want to start" in response.context["form"].errors["start_from"]
    assert Assessment.objects.count() == 1
