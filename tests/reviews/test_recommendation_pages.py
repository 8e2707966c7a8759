"""Recommendations of reviews and rapid reviews, the actions raised from them, and the page
of open recommendations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Action, ActionStatus, AuditEntry, AuditVerb
from reviews.models import Recommendation

from ..factories import ActionFactory, PersonFactory
from .factories import (
    ExternalReviewFactory,
    LearningThemeFactory,
    RecommendationFactory,
    ReviewFactory,
    rapid_review,
)

OPEN = reverse("reviews:recommendations")


def add_to(review):
    return reverse("reviews:review_recommendation_create", kwargs={"pk": review.pk})


def raise_on(recommendation):
    return reverse("reviews:recommendation_action_create", kwargs={"pk": recommendation.pk})


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


def action_data(agency, **fields):
    due = timezone.localdate() + datetime.timedelta(days=90)
    return {
        "title": "Add fathers to the assessment template",
        "description": "Ask who lives in the household.",
        "owner_agency": agency.pk,
        "owner_person": "",
        "due_on_0": str(due.day),
        "due_on_1": str(due.month),
        "due_on_2": str(due.year),
        **fields,
    }


# Adding and changing recommendations


def test_the_business_unit_adds_a_recommendation_with_themes(signed_in):
    review = ReviewFactory()
    fathers = LearningThemeFactory(name="Working with fathers")
    LearningThemeFactory(name="Neglect")

    response = signed_in.post(
        add_to(review),
        {"number": "1", "text": "See fathers at every visit.", "themes": [fathers.pk]},
    )

    recommendation = Recommendation.objects.get()
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": review.pk})
    assert (recommendation.review, recommendation.number) == (review, 1)
    assert list(recommendation.themes.all()) == [fathers]
    assert AuditEntry.objects.filter(verb=AuditVerb.CREATED, record_id=review.pk).exists()


def test_the_number_offered_is_the_next_one(signed_in):
    review = ReviewFactory()
    RecommendationFactory(review=review, number=1)
    RecommendationFactory(review=review, number=4)
    RecommendationFactory(number=9)  # another review's

    assert signed_in.get(add_to(review)).context["form"].initial["number"] == 5


def test_a_number_already_recorded_is_refused(signed_in):
    review = ReviewFactory()
    RecommendationFactory(review=review, number=1)

    response = signed_in.post(add_to(review), {"number": "1", "text": "Another."})

    assert response.context["form"].errors["number"] == ["Recommendation 1 is already recorded"]
    assert Recommendation.objects.count() == 1


def test_a_recommendation_needs_its_text_and_a_number_from_1(signed_in):
    response = signed_in.post(add_to(ReviewFactory()), {"number": "0", "text": ""})

    errors = response.context["form"].errors
    assert errors["number"] == ["The number must be 1 or more"]
    assert errors["text"] == ["Enter the recommendation"]
    assert not Recommendation.objects.exists()


def test_themes_no_longer_in_use_are_offered_only_where_they_are_already_set(signed_in):
    retired = LearningThemeFactory(name="Transitions", is_active=False)
    current = LearningThemeFactory(name="Neglect")
    recommendation = RecommendationFactory()
    recommendation.themes.add(retired)

    new = signed_in.get(add_to(recommendation.review)).context["form"]
    edit = signed_in.get(
        reverse("reviews:recommendation_edit", kwargs={"pk": recommendation.pk})
    ).context["form"]

    assert list(new.fields["themes"].queryset) == [current]
    assert set(edit.fields["themes"].queryset) == {current, retired}
    assert list(edit.initial["themes"]) == [retired]


def test_with_no_themes_in_use_the_form_links_to_the_themes(signed_in):
    LearningThemeFactory(name="Transitions", is_active=False)

    response = signed_in.get(add_to(ReviewFactory()))

    assert "themes" not in response.context["form"].fields
    assert reverse("reviews:themes") in response.content.decode()
    signed_in.post(add_to(ReviewFactory()), {"number": "1", "text": "Listen to children."})
    assert Recommendation.objects.get().text == "Listen to children."


def test_the_business_unit_changes_a_recommendation(signed_in):
    recommendation = RecommendationFactory(number=2)
    theme = LearningThemeFactory(name="Information sharing")

    signed_in.post(
        reverse("reviews:recommendation_edit", kwargs={"pk": recommendation.pk}),
        {"number": "3", "text": "Share information at the first strategy meeting.",
         "themes": [theme.pk]},
    )  # fmt: skip

    recommendation.refresh_from_db()
    assert recommendation.number == 3
    assert recommendation.text == "Share information at the first strategy meeting."
    assert list(recommendation.themes.all()) == [theme]


def test_a_rapid_reviews_recommendation_goes_by_its_notification(signed_in):
    source = rapid_review()
    url = reverse(
        "reviews:rapid_review_recommendation_create", kwargs={"pk": source.notification_id}
    )

    response = signed_in.post(url, {"number": "1", "text": "Review the safe sleep leaflet."})

    recommendation = Recommendation.objects.get()
    assert (recommendation.rapid_review, recommendation.review) == (source, None)
    assert response["Location"] == reverse(
        "reviews:notification", kwargs={"pk": source.notification_id}
    )


# Raising actions


def test_raising_an_action_puts_it_in_the_tracker_with_the_recommendation_as_its_source(
    signed_in, agency_a
):
    recommendation = RecommendationFactory(number=1)
    review = recommendation.review

    response = signed_in.post(raise_on(recommendation), action_data(agency_a))

    action = Action.objects.get()
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": review.pk})
    assert action.source == recommendation
    assert action.owner_agency == agency_a
    assert action.status == ActionStatus.NOT_STARTED
    action_url = reverse("portal:action", kwargs={"pk": action.pk})
    assert (
        action_url
        in signed_in.get(reverse("reviews:review", kwargs={"pk": review.pk})).content.decode()
    )
    assert action_url in signed_in.get(OPEN).content.decode()


def test_the_action_form_asks_no_status(signed_in):
    form = signed_in.get(raise_on(RecommendationFactory())).context["form"]

    assert "status" not in form.fields
    assert {"title", "owner_agency", "owner_person", "due_on"} <= set(form.fields)


def test_the_owner_must_work_for_the_owner_agency(signed_in, agency_a, agency_b):
    someone_at_b = PersonFactory(agency=agency_b)

    response = signed_in.post(
        raise_on(RecommendationFactory()), action_data(agency_a, owner_person=someone_at_b.pk)
    )

    assert response.context["form"].errors["owner_person"] == [
        f"Select a person who works for {agency_a}, or change the owner agency"
    ]
    assert not Action.objects.exists()


def test_an_action_needs_a_title_an_agency_and_a_due_date(signed_in):
    response = signed_in.post(raise_on(RecommendationFactory()), {})

    errors = response.context["form"].errors
    assert errors["title"] == ["Enter a title"]
    assert errors["owner_agency"] == ["Select the agency that owns the action"]
    assert errors["due_on"] == ["Enter the due date"]
    assert not Action.objects.exists()


# Open recommendations


def recommendation_with(*statuses, **fields):
    recommendation = RecommendationFactory(**fields)
    for status in statuses:
        ActionFactory(source=recommendation, status=status)
    return recommendation


def shown(response):
    return [row.recommendation for group in response.context["groups"] for row in group.rows]


def test_completed_recommendations_drop_off_the_open_list(client, scrutineer):
    review = ReviewFactory()
    waiting = recommendation_with(number=1, review=review)
    going = recommendation_with(
        ActionStatus.COMPLETE, ActionStatus.ON_TRACK, number=2, review=review
    )
    done = recommendation_with(
        ActionStatus.COMPLETE, ActionStatus.COMPLETE, number=3, review=review
    )
    client.force_login(scrutineer)

    response = client.get(OPEN)

    assert shown(response) == [waiting, going]
    html = response.content.decode()
    assert "1 complete recommendation is hidden" in html
    assert "complete=on" in html
    assert shown(client.get(OPEN, {"complete": "on"})) == [waiting, going, done]


def test_each_recommendation_shows_its_actions_and_flags_overdue_ones(client, scrutineer):
    recommendation = RecommendationFactory(text="Train staff on safe sleep.")
    ActionFactory(
        title="Run safe sleep briefings",
        source=recommendation,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(scrutineer)

    html = client.get(OPEN).content.decode()

    assert "Train staff on safe sleep." in html
    assert "Run safe sleep briefings" in html
    assert "1 action overdue" in html
    assert ">Overdue</strong>" in html


def test_recommendations_are_grouped_by_review_and_rapid_review(client, scrutineer):
    review = ReviewFactory(title="Local CSPR: Child M")
    source = rapid_review(reference="SIN-2024-900")
    recommendation_with(review=review, number=1)
    recommendation_with(review=review, number=2)
    recommendation_with(review=None, rapid_review=source, number=1)
    client.force_login(scrutineer)

    groups = client.get(OPEN).context["groups"]

    assert [(g.label, len(g.rows)) for g in groups] == [
        ("Local CSPR: Child M", 2),
        ("Rapid review of SIN-2024-900", 1),
    ]
    assert groups[1].url == reverse("reviews:notification", kwargs={"pk": source.notification_id})


def test_the_open_list_filters_by_theme_and_kind(client, scrutineer):
    neglect = LearningThemeFactory(name="Neglect")
    cspr = recommendation_with(review=ReviewFactory())
    cspr.themes.add(neglect)
    external = recommendation_with(review=ExternalReviewFactory())
    rapid = recommendation_with(review=None, rapid_review=rapid_review())
    client.force_login(scrutineer)

    assert shown(client.get(OPEN, {"theme": neglect.pk})) == [cspr]
    assert shown(client.get(OPEN, {"kind": "external"})) == [external]
    assert shown(client.get(OPEN, {"kind": "rapid_review"})) == [rapid]


def test_reading_the_open_list_is_written_to_the_audit_log(client, partner_lead):
    client.force_login(partner_lead)

    client.get(OPEN)

    entry = AuditEntry.objects.get(verb=AuditVerb.VIEWED)
    assert (entry.user, entry.summary) == (partner_lead, "Open recommendations")


@pytest.mark.parametrize("who", ["agency_lead_b", "practitioner"])
def test_agency_leads_and_practitioners_are_refused_and_the_refusal_audited(client, cast, who):
    recommendation = RecommendationFactory()
    client.force_login(cast[who])

    assert client.get(OPEN).status_code == 404
    assert client.get(raise_on(recommendation)).status_code == 404

    assert AuditEntry.objects.filter(verb=AuditVerb.REFUSED, user=cast[who]).count() == 2


def test_the_open_list_runs_a_fixed_number_of_queries(
    client, scrutineer, django_assert_num_queries
):
    theme = LearningThemeFactory(name="Neglect")

    def add(count):
        for n in range(count):
            review = ReviewFactory() if n % 2 else ExternalReviewFactory()
            recommendation = recommendation_with(ActionStatus.ON_TRACK, review=review, number=1)
            recommendation.themes.add(theme)
            recommendation_with(ActionStatus.COMPLETE, review=review, number=2)
            recommendation_with(review=None, rapid_review=rapid_review(), number=1)

    client.force_login(scrutineer)
    client.get(OPEN)  # the first request after sign-in stamps the session
    add(2)
    # Session, user, the second factor's device, the recommendations, their themes, their actions,
    # the themes for the filter, the audit entry, then the session saved inside a savepoint (three):
    # eleven.
    with django_assert_num_queries(11):
        client.get(OPEN)
    add(10)
    with django_assert_num_queries(11):
        client.get(OPEN)
