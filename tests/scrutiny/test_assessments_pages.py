"""The assessment pages every framework shares: the checklist page, rating a question, its
evidence links and actions, the overall judgement, submitting, returning and accepting; who
may do each, and the clear refusals once an assessment has left its author."""

import datetime

import pytest
from django.urls import reverse

from partnership.models import Action
from scrutiny.models import AssessmentStatus, EvidenceLink, FrameworkPurpose
from scrutiny.services import assessments as assessment_services

from ..factories import PersonFactory
from .factories import PERIOD, make_framework, section_11_round

NEXT_PERIOD = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
DUE = datetime.date(2026, 6, 30)


@pytest.fixture
def framework(db):
    return make_framework(sections=2, questions=3, name="Independent scrutiny checklist")


@pytest.fixture
def levels(framework):
    return {level.code: level for level in framework.scale.levels.all()}


@pytest.fixture
def checklist(framework):
    return start(framework)


@pytest.fixture
def return_a(agency_a):
    section_11 = make_framework(purpose=FrameworkPurpose.SECTION_11, name="Section 11 standards")
    return start(section_11, agency=agency_a)


def start(framework, period=PERIOD, **kwargs):
    return assessment_services.assessment_create(
        framework=framework, period_start=period[0], period_end=period[1], **kwargs
    )


def ratings_of(assessment):
    return list(assessment.ratings.select_related("question__section"))


def rate(assessment, *codes, evidence="Minutes of the board"):
    levels = {level.code: level for level in assessment.framework.scale.levels.all()}
    for rating, code in zip(ratings_of(assessment), codes, strict=False):
        assessment_services.rating_save(
            rating=rating,
            level=levels[code] if code else None,
            evidence=evidence,
            actions_required="",
        )


def submit(assessment):
    rate(assessment, *["green"] * assessment.ratings.count())
    return assessment_services.assessment_submit(assessment=assessment, user=None)


def url(name, assessment, rating=None, **kwargs):
    if rating is not None:
        kwargs["rating_pk"] = rating.pk
    return reverse(f"scrutiny:{name}", kwargs={"pk": assessment.pk, **kwargs})


def text(response):
    return response.content.decode()


# The assessment page: who reads it


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("scrutineer", 200),
        ("partner_lead", 200),
        ("agency_lead_a", 404),
        ("agency_lead_b", 404),
        ("practitioner", 403),
    ],
)
def test_staff_roles_read_the_checklist_and_agency_leads_cannot_find_it(
    client, cast, checklist, who, status
):
    client.force_login(cast[who])

    assert client.get(url("assessment", checklist)).status_code == status


def test_an_agency_lead_reads_their_own_agencys_return(client, agency_lead_a, return_a):
    client.force_login(agency_lead_a)

    response = client.get(url("assessment", return_a))

    assert response.status_code == 200
    assert "Your Section 11 returns" in text(response)


def test_a_return_in_a_round_sits_under_its_round(client, business_unit, agency_a):
    round = section_11_round(agencies=[agency_a], name="Section 11, 2025")
    client.force_login(business_unit)

    response = client.get(url("assessment", round.returns.get()))

    assert reverse("scrutiny:round", kwargs={"pk": round.pk}) in text(response)
    assert "Section 11, 2025" in text(response)


def test_an_agency_lead_cannot_find_another_agencys_return(client, agency_lead_b, return_a):
    client.force_login(agency_lead_b)

    assert client.get(url("assessment", return_a)).status_code == 404


# The assessment page: what it shows


def test_each_question_shows_its_rating_as_a_coloured_tag_with_its_label(
    client, partner_lead, checklist
):
    rate(checklist, "green", "amber", "red")
    client.force_login(partner_lead)

    page = text(client.get(url("assessment", checklist)))

    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not rated</strong>' in page


def test_the_page_shows_sections_questions_guidance_evidence_links_and_actions(
    client, business_unit, checklist, agency_a
):
    first = ratings_of(checklist)[0]
    assessment_services.rating_save(
        rating=first, level=None, evidence="Board minutes, June", actions_required="Publish it"
    )
    assessment_services.evidence_link_add(
        rating=first, label="The action tracker", path="/portal/actions/"
    )
    action = assessment_services.rating_action_add(
        rating=first, title="Publish the yearly report", owner_agency=agency_a, due_on=DUE
    )
    client.force_login(business_unit)

    page = text(client.get(url("assessment", checklist)))

    assert '<h2 class="govuk-heading-l govuk-!-margin-top-6">1 Step 1</h2>' in page
    assert "1.1 Key line of enquiry 1.1?" in page
    assert "Evidence that answers 1.1." in page
    assert "Board minutes, June" in page
    assert "Publish it" in page
    assert '<a class="govuk-link" href="/portal/actions/">The action tracker</a>' in page
    assert reverse("portal:action", kwargs={"pk": action.pk}) in page
    assert "due 30 June 2026" in page


def test_only_the_scrutineer_is_offered_to_rate_while_it_is_a_draft(
    client, scrutineer, business_unit, checklist
):
    rating = ratings_of(checklist)[0]
    rating_url = url("rating_edit", checklist, rating)

    client.force_login(scrutineer)
    assert rating_url in text(client.get(url("assessment", checklist)))
    client.force_login(business_unit)
    assert rating_url not in text(client.get(url("assessment", checklist)))

    submit(checklist)
    client.force_login(scrutineer)
    assert rating_url not in text(client.get(url("assessment", checklist)))


def test_it_says_how_many_questions_are_unrated_instead_of_offering_to_submit(
    client, scrutineer, checklist
):
    rate(checklist, "green", "green", "green", "green")
    client.force_login(scrutineer)

    page = text(client.get(url("assessment", checklist)))

    assert "2 of 6 questions not rated yet" in page
    assert url("assessment_submit", checklist) not in page


def test_once_every_question_is_rated_it_offers_to_submit(client, scrutineer, checklist):
    rate(checklist, *["amber"] * 6)
    client.force_login(scrutineer)

    page = text(client.get(url("assessment", checklist)))

    assert "not rated yet" not in page
    assert url("assessment_submit", checklist) in page


def test_the_summary_shows_the_change_since_the_checklist_it_started_from(
    client, partner_lead, framework
):
    last = start(framework)
    rate(last, "green", "amber", "amber", "red", "red", "green")
    new = start(framework, NEXT_PERIOD, previous=last)
    rate(new, "green", "green", "amber", "red", "red", "green")
    client.force_login(partner_lead)

    page = text(client.get(url("assessment", new)))

    assert "Change since 1 April 2024 to 31 March 2025" in page
    assert "<strong>+1 green, −1 amber</strong>" in page
    assert url("assessment", last) in page


def test_the_business_unit_is_offered_to_accept_or_return_a_submitted_checklist(
    client, business_unit, scrutineer, checklist
):
    submit(checklist)

    client.force_login(business_unit)
    page = text(client.get(url("assessment", checklist)))
    assert url("assessment_accept", checklist) in page
    assert url("assessment_return", checklist) in page

    client.force_login(scrutineer)
    assert url("assessment_accept", checklist) not in text(client.get(url("assessment", checklist)))


def test_the_page_runs_the_same_queries_whatever_the_size_of_the_framework(
    client, scrutineer, agency_a, django_assert_num_queries
):
    def full_checklist(sections, questions):
        framework = make_framework(sections=sections, questions=questions)
        last = start(framework)
        rate(last, *["amber"] * sections * questions)
        checklist = start(framework, NEXT_PERIOD, previous=last)
        rate(checklist, *["green"] * sections * questions)
        for old, new in zip(ratings_of(last), ratings_of(checklist), strict=True):
            for rating in (old, new):
                assessment_services.rating_action_add(
                    rating=rating, title="Act", owner_agency=agency_a, due_on=DUE
                )
            assessment_services.evidence_link_add(rating=new, label="M", path="/portal/")
        return checklist

    small, large = full_checklist(2, 3), full_checklist(6, 4)
    client.force_login(scrutineer)

    with django_assert_num_queries(16):
        response = client.get(url("assessment", small))
    assert len(response.context["sections"]) == 2
    with django_assert_num_queries(16):
        response = client.get(url("assessment", large))
    assert sum(len(ratings) for _, ratings in response.context["sections"]) == 24


# Rating a question


def post_rating(client, assessment, rating, level=None, **data):
    body = {"level": str(level.pk) if level else "", "evidence": "", "actions_required": ""}
    return client.post(url("rating_edit", assessment, rating), body | data)


def test_the_rating_form_offers_the_scales_levels_with_their_definitions(
    client, scrutineer, checklist, levels
):
    client.force_login(scrutineer)

    response = client.get(url("rating_edit", checklist, ratings_of(checklist)[0]))

    page = text(response)
    assert [label for _, label in response.context["form"].fields["level"].choices] == [
        "Green",
        "Amber",
        "Red",
    ]
    assert "What the ratings mean" in page
    for level in levels.values():
        assert level.definition in page


def test_saving_a_rating_goes_on_to_the_next_question(client, scrutineer, checklist, levels):
    first, second = ratings_of(checklist)[:2]
    client.force_login(scrutineer)

    response = post_rating(
        client, checklist, first, levels["amber"], evidence="Partly", actions_required="More"
    )

    assert response["Location"] == url("rating_edit", checklist, second)
    first.refresh_from_db()
    assert (first.level, first.evidence, first.actions_required) == (
        levels["amber"],
        "Partly",
        "More",
    )


def test_part_done_work_is_saved_without_a_rating(client, scrutineer, checklist):
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    post_rating(client, checklist, first, evidence="Half written")

    first.refresh_from_db()
    assert (first.level, first.evidence) == (None, "Half written")


def test_save_and_go_back_returns_to_the_assessment(client, scrutineer, checklist, levels):
    client.force_login(scrutineer)

    response = post_rating(
        client, checklist, ratings_of(checklist)[0], levels["green"], back="Save"
    )

    assert response["Location"] == url("assessment", checklist)


def test_the_last_question_returns_to_the_assessment(client, scrutineer, checklist, levels):
    client.force_login(scrutineer)

    response = post_rating(client, checklist, ratings_of(checklist)[-1], levels["green"])

    assert response["Location"] == url("assessment", checklist)


def test_an_unknown_level_is_refused(client, scrutineer, checklist):
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    response = client.post(url("rating_edit", checklist, first), {"level": "999999"})

    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    first.refresh_from_db()
    assert first.level is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("business_unit", 403), ("partner_lead", 403), ("agency_lead_a", 404)],
)
def test_nobody_but_the_scrutineer_rates_the_checklist(
    client, cast, checklist, levels, who, status
):
    first = ratings_of(checklist)[0]
    client.force_login(cast[who])

    assert client.get(url("rating_edit", checklist, first)).status_code == status
    assert post_rating(client, checklist, first, levels["red"]).status_code == status

    first.refresh_from_db()
    assert first.level is None


def test_an_agency_lead_rates_their_own_return_and_the_scrutineer_may_not(
    client, agency_lead_a, scrutineer, return_a
):
    first = ratings_of(return_a)[0]
    green = return_a.framework.scale.levels.get(code="green")

    client.force_login(scrutineer)
    assert post_rating(client, return_a, first, green).status_code == 403
    client.force_login(agency_lead_a)
    assert post_rating(client, return_a, first, green).status_code == 302

    first.refresh_from_db()
    assert first.level == green


def test_a_rating_of_another_assessment_is_not_found(client, scrutineer, checklist, framework):
    other = start(framework, NEXT_PERIOD)
    client.force_login(scrutineer)

    response = client.get(url("rating_edit", checklist, ratings_of(other)[0]))

    assert response.status_code == 404


def test_a_submitted_checklists_ratings_cannot_be_changed_and_it_says_why(
    client, scrutineer, checklist, levels
):
    submit(checklist)
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    response = client.post(
        url("rating_edit", checklist, first), {"level": str(levels["red"].pk)}, follow=True
    )

    assert response.redirect_chain == [(url("assessment", checklist), 302)]
    assert "This assessment is submitted: it can be changed only once it is returned" in (
        text(response)
    )
    first.refresh_from_db()
    assert first.level == levels["green"]


def test_a_form_opened_before_submission_is_refused_clearly_when_saved(
    client, scrutineer, checklist, levels, monkeypatch
):
    # The assessment is submitted between the page's check and the service's: the service's
    # refusal is shown on the form, not as a server error.
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)
    monkeypatch.setattr(
        "scrutiny.views.checklist._closed", lambda request, assessment: None, raising=True
    )
    submit(checklist)

    response = post_rating(client, checklist, first, levels["red"])

    assert response.status_code == 200
    assert "This assessment is submitted" in text(response)
    assert "<title>Error: " in text(response)


# Evidence links


def test_an_evidence_link_to_a_portal_page_is_added(client, scrutineer, checklist):
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    response = client.post(
        url("rating_link_add", checklist, first),
        {"label": "Board, June", "path": "http://testserver/portal/meetings/"},
    )

    assert response["Location"] == url("rating_edit", checklist, first)
    assert list(first.links.values_list("label", "path")) == [("Board, June", "/portal/meetings/")]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("https://www.example.org/report", "links to other websites cannot be evidence here"),
        ("/portal/nowhere/", "There is no page at /portal/nowhere/"),
        ("", "Enter the address of the portal page"),
    ],
)
def test_a_link_outside_the_portal_is_refused_beside_its_field(
    client, scrutineer, checklist, path, message
):
    client.force_login(scrutineer)

    response = client.post(
        url("rating_link_add", checklist, ratings_of(checklist)[0]),
        {"label": "Report", "path": path},
    )

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["path"])
    assert not EvidenceLink.objects.exists()


def test_removing_a_link_asks_first_then_removes_it(client, scrutineer, checklist):
    first = ratings_of(checklist)[0]
    link = assessment_services.evidence_link_add(rating=first, label="Board", path="/portal/")
    remove = url("rating_link_remove", checklist, first, link_pk=link.pk)
    client.force_login(scrutineer)

    assert "Remove the link" in text(client.get(remove))
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    response = client.post(remove)

    assert response["Location"] == url("rating_edit", checklist, first)
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()


def test_a_link_of_another_question_is_not_found(client, scrutineer, checklist):
    first, second = ratings_of(checklist)[:2]
    link = assessment_services.evidence_link_add(rating=second, label="Board", path="/portal/")
    client.force_login(scrutineer)

    response = client.post(url("rating_link_remove", checklist, first, link_pk=link.pk))

    assert response.status_code == 404
    assert EvidenceLink.objects.filter(pk=link.pk).exists()


# Actions raised from a rating


def action_data(agency, **changes):
    data = {
        "title": "Publish the yearly report",
        "description": "",
        "owner_agency": agency.pk,
        "owner_person": "",
        "due_on_0": "30",
        "due_on_1": "6",
        "due_on_2": "2026",
    }
    return data | changes


def test_an_action_raised_from_a_rating_goes_into_the_tracker_with_the_rating_as_source(
    client, scrutineer, checklist, agency_a
):
    first = ratings_of(checklist)[0]
    owner = PersonFactory(agency=agency_a)
    client.force_login(scrutineer)

    response = client.post(
        url("rating_action_add", checklist, first), action_data(agency_a, owner_person=owner.pk)
    )

    action = Action.objects.get()
    assert response["Location"] == url("rating_edit", checklist, first)
    assert (action.source, action.owner_agency, action.owner_person, action.due_on) == (
        first,
        agency_a,
        owner,
        DUE,
    )
    assert "Publish the yearly report" in text(client.get(url("assessment", checklist)))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"owner_agency": ""}, "owner_agency", "Select the agency that owns the action"),
        ({"due_on_0": ""}, "due_on", "The due date must include a day"),
    ],
)
def test_a_wrong_action_is_refused_with_a_message(
    client, scrutineer, checklist, agency_a, change, field, message
):
    client.force_login(scrutineer)

    response = client.post(
        url("rating_action_add", checklist, ratings_of(checklist)[0]),
        action_data(agency_a, **change),
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Action.objects.exists()


def test_an_actions_owner_must_work_for_the_owner_agency(
    client, scrutineer, checklist, agency_a, agency_b
):
    client.force_login(scrutineer)

    response = client.post(
        url("rating_action_add", checklist, ratings_of(checklist)[0]),
        action_data(agency_a, owner_person=PersonFactory(agency=agency_b).pk),
    )

    assert response.context["form"].errors["owner_person"]
    assert not Action.objects.exists()


# The overall judgement


def test_the_scrutineer_writes_the_overall_judgement(client, scrutineer, checklist):
    client.force_login(scrutineer)

    response = client.post(
        url("assessment_judgement", checklist), {"overall_judgement": "Strong leadership."}
    )

    assert response["Location"] == url("assessment", checklist)
    checklist.refresh_from_db()
    assert checklist.overall_judgement == "Strong leadership."
    assert "Strong leadership." in text(client.get(url("assessment", checklist)))


def test_an_empty_judgement_is_refused(client, scrutineer, checklist):
    client.force_login(scrutineer)

    response = client.post(url("assessment_judgement", checklist), {"overall_judgement": ""})

    assert "Enter the overall judgement" in response.context["form"].errors["overall_judgement"]


@pytest.mark.parametrize(("who", "status"), [("business_unit", 403), ("partner_lead", 403)])
def test_nobody_else_writes_the_judgement(client, cast, checklist, who, status):
    client.force_login(cast[who])

    response = client.post(url("assessment_judgement", checklist), {"overall_judgement": "X"})

    assert response.status_code == status
    checklist.refresh_from_db()
    assert checklist.overall_judgement == ""


# Submitting


def test_submitting_with_questions_unrated_lists_them_and_submits_nothing(
    client, scrutineer, checklist
):
    rate(checklist, "green", None, "green", "green", "green", None)
    client.force_login(scrutineer)

    confirm = client.get(url("assessment_submit", checklist))
    response = client.post(url("assessment_submit", checklist))

    assert "Rate 1.2 Key line" in text(confirm)
    assert "Rate 2.3 Key line" in text(confirm)
    assert "Rate every question before you submit: 1.2, 2.3 not rated yet" in text(response)
    assert "<title>Error: " in text(response)
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.DRAFT


def test_a_fully_rated_checklist_is_submitted(client, scrutineer, checklist):
    rate(checklist, *["green"] * 6)
    client.force_login(scrutineer)

    assert "<title>Error: " not in text(client.get(url("assessment_submit", checklist)))
    response = client.post(url("assessment_submit", checklist))

    assert response["Location"] == url("assessment", checklist)
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.SUBMITTED


def test_the_business_unit_cannot_submit_the_scrutineers_checklist(
    client, business_unit, checklist
):
    rate(checklist, *["green"] * 6)
    client.force_login(business_unit)

    assert client.post(url("assessment_submit", checklist)).status_code == 403
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.DRAFT


# Returning and accepting


def test_the_business_unit_returns_a_checklist_with_a_comment(client, business_unit, checklist):
    submit(checklist)
    client.force_login(business_unit)

    response = client.post(url("assessment_return", checklist), {"comment": "Evidence for 2.1"})

    assert response["Location"] == url("assessment", checklist)
    checklist.refresh_from_db()
    assert (checklist.status, checklist.returned_comment) == (
        AssessmentStatus.RETURNED,
        "Evidence for 2.1",
    )
    assert "Evidence for 2.1" in text(client.get(url("assessment", checklist)))


def test_returning_needs_a_comment(client, business_unit, checklist):
    submit(checklist)
    client.force_login(business_unit)

    response = client.post(url("assessment_return", checklist), {"comment": ""})

    assert "Say what more evidence is needed" in response.context["form"].errors["comment"]
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.SUBMITTED


def test_the_business_unit_accepts_a_submitted_checklist(client, business_unit, checklist):
    submit(checklist)
    client.force_login(business_unit)

    assert "Accept the checklist" in text(client.get(url("assessment_accept", checklist)))
    response = client.post(url("assessment_accept", checklist))

    assert response["Location"] == url("assessment", checklist)
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.ACCEPTED


@pytest.mark.parametrize("name", ["assessment_return", "assessment_accept"])
def test_a_draft_cannot_be_returned_or_accepted_and_the_page_says_why(
    client, business_unit, checklist, name
):
    client.force_login(business_unit)

    response = client.post(url(name, checklist), {"comment": "More"})

    assert response.status_code == 200
    assert "This assessment is draft: only a submitted one can be returned or accepted" in (
        text(response)
    )
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.DRAFT


@pytest.mark.parametrize("name", ["assessment_return", "assessment_accept"])
@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_only_the_business_unit_returns_or_accepts(client, cast, checklist, name, who):
    submit(checklist)
    client.force_login(cast[who])

    assert client.post(url(name, checklist), {"comment": "More"}).status_code == 403
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.SUBMITTED


def test_a_returned_checklist_can_be_rated_again(client, scrutineer, checklist, levels):
    submit(checklist)
    assessment_services.assessment_return(assessment=checklist, comment="More on 1.1")
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    response = post_rating(client, checklist, first, levels["amber"])

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.level == levels["amber"]
