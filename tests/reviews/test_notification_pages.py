"""The notifications list, a notification's page with its clocks, and the form that records or
changes a notification: who may use them, what they show, what they refuse, and the audit log."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import AuditEntry, AuditVerb
from reviews.models import (
    AgeBand,
    IncidentCategory,
    Notification,
    NotifiedChild,
    RapidReviewDecision,
)

from ..factories import AgencyFactory
from .factories import (
    LearningThemeFactory,
    NotificationFactory,
    RecommendationFactory,
    ReviewFactory,
    SummaryRequestFactory,
)

D = datetime.date
LIST = reverse("reviews:notifications")
CREATE = reverse("reviews:notification_create")
pytestmark = pytest.mark.django_db


def detail_url(notification):
    return reverse("reviews:notification", kwargs={"pk": notification.pk})


def edit_url(notification):
    return reverse("reviews:notification_edit", kwargs={"pk": notification.pk})


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def form_data(**overrides):
    data = {
        "reference": "SIN-2024-031",
        **date_fields("became_aware_on", D(2024, 3, 27)),
        **date_fields("notified_on", D(2024, 4, 3)),
        "category": IncidentCategory.DEATH,
        "looked_after": "no",
        "summary": "A child died at home in March 2024; police and health were involved.",
        "child_1_pseudonym": "Child A",
        "child_1_age_band": AgeBand.AGE_5_TO_9,
    }
    for n in range(2, 5):
        data.setdefault(f"child_{n}_pseudonym", "")
        data.setdefault(f"child_{n}_age_band", "")
    return data | overrides


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def today_is(monkeypatch, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


# Who may use the pages


def every_page(notification):
    summary = SummaryRequestFactory(rapid_review=notification.rapid_review)
    by_notification = {"pk": notification.pk}
    return {
        "read": [LIST, detail_url(notification)],
        "edit": [
            CREATE,
            edit_url(notification),
            reverse("reviews:rapid_review_edit", kwargs=by_notification),
            reverse("reviews:rapid_review_meeting_add", kwargs=by_notification),
            reverse("reviews:summary_request_add", kwargs=by_notification),
            reverse("reviews:summary_request_receive", kwargs={"pk": summary.pk}),
        ],
    }


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_get_404_on_every_page_and_the_refusal_is_audited(
    client, cast, who
):
    pages = every_page(NotificationFactory())
    client.force_login(cast[who])

    for url in pages["read"] + pages["edit"]:
        assert client.get(url).status_code == 404, url
        refusal = AuditEntry.objects.filter(verb=AuditVerb.REFUSED, user=cast[who]).first()
        assert refusal.summary == f"GET {url}"
    assert client.post(CREATE, form_data()).status_code == 404
    assert not Notification.objects.filter(reference="SIN-2024-031").exists()
    assert not AuditEntry.objects.filter(verb=AuditVerb.VIEWED).exists()


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead"])
def test_the_scrutineer_and_partner_leads_read_but_cannot_change(client, cast, who):
    pages = every_page(NotificationFactory())
    client.force_login(cast[who])

    for url in pages["read"]:
        assert client.get(url).status_code == 200, url
    for url in pages["edit"]:
        assert client.get(url).status_code == 404, url


def test_only_the_business_unit_is_offered_changes(client, business_unit, scrutineer):
    notification = NotificationFactory()

    assert edit_url(notification) in page(client, business_unit, detail_url(notification))
    assert CREATE in page(client, business_unit, LIST)
    assert edit_url(notification) not in page(client, scrutineer, detail_url(notification))
    assert "rapid-review/" not in page(client, scrutineer, detail_url(notification))
    assert CREATE not in page(client, scrutineer, LIST)


# The list


def references(response):
    return [notification.reference for notification in response.context["page"].object_list]


def test_the_list_shows_the_newest_first_with_children_and_clock_tags(client, scrutineer):
    NotificationFactory(reference="SIN-2023-001", became_aware_on=D(2023, 5, 2))
    newest = NotificationFactory(
        reference="SIN-2024-002", became_aware_on=D(2024, 3, 27), notified_on=D(2024, 4, 3)
    )
    NotifiedChild.objects.create(
        notification=newest, position=2, pseudonym="Child B", age_band=AgeBand.AGE_1_TO_4
    )
    newest.rapid_review.sent_on = D(2024, 4, 22)
    newest.rapid_review.save()
    client.force_login(scrutineer)

    response = client.get(LIST)

    assert references(response) == ["SIN-2024-002", "SIN-2023-001"]
    html = response.content.decode()
    row = html[html.index("SIN-2024-002") : html.index("SIN-2023-001")]
    assert "27 March 2024" in row
    assert "3 April 2024" in row
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row
    # Notified on 3 April, due 5 April: met. Sent 22 April, due 19 April: late.
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in row
    assert '<strong class="govuk-tag govuk-tag--red">Late</strong>' in row


def test_the_list_filters_by_category_and_year(client, scrutineer):
    NotificationFactory(
        reference="SIN-2023-001", became_aware_on=D(2023, 5, 2), category=IncidentCategory.DEATH
    )
    NotificationFactory(
        reference="SIN-2024-001", became_aware_on=D(2024, 2, 1), category=IncidentCategory.DEATH
    )
    NotificationFactory(reference="SIN-2024-002", became_aware_on=D(2024, 3, 1))
    client.force_login(scrutineer)

    assert references(client.get(LIST, {"category": "death"})) == ["SIN-2024-001", "SIN-2023-001"]
    assert references(client.get(LIST, {"year": "2024"})) == ["SIN-2024-002", "SIN-2024-001"]
    assert references(client.get(LIST, {"category": "death", "year": "2024"})) == ["SIN-2024-001"]
    html = client.get(LIST, {"year": "2022"}).content.decode()
    assert "Select a year from the list" in html


def test_reading_the_list_is_audited_with_the_filters_and_page(client, scrutineer):
    NotificationFactory.create_batch(26)
    client.force_login(scrutineer)

    client.get(LIST, {"category": "serious_harm", "page": 2})

    entry = AuditEntry.objects.get(verb=AuditVerb.VIEWED)
    assert (entry.user, entry.record_id) == (scrutineer, None)
    assert entry.summary == "Notifications (serious harm), page 2"


def test_the_list_is_paged(client, scrutineer):
    NotificationFactory.create_batch(27)
    client.force_login(scrutineer)

    assert len(references(client.get(LIST))) == 25
    assert len(references(client.get(LIST, {"page": 2}))) == 2


def test_the_list_runs_a_fixed_number_of_queries(client, scrutineer, django_assert_num_queries):
    def add(count):
        for n in range(count):
            notification = NotificationFactory(became_aware_on=D(2020 + n % 5, 3, 4))
            NotifiedChild.objects.create(
                notification=notification, position=2, pseudonym="Child B", age_band="1_4"
            )

    client.force_login(scrutineer)
    client.get(LIST)  # the first request after sign-in stamps the session
    add(2)
    # Session, user, the second factor's device, the years for the filter, the count, the page with
    # its rapid reviews and children counted, the audit entry, then the session saved in a savepoint
    # (three).
    with django_assert_num_queries(10):
        client.get(LIST)
    add(10)
    with django_assert_num_queries(10):
        client.get(LIST)


# A notification's page


def test_the_page_shows_the_notification_its_children_and_agencies(client, scrutineer, agency_a):
    notification = NotificationFactory(
        reference="SIN-2024-040",
        category=IncidentCategory.DEATH,
        looked_after=True,
        summary="Health and police were involved.\n\nThe school had raised concerns.",
    )
    notification.agencies.set([agency_a])
    NotifiedChild.objects.create(
        notification=notification, position=2, pseudonym="Sibling B", age_band=AgeBand.AGE_1_TO_4
    )

    html = page(client, scrutineer, detail_url(notification))

    assert '<h1 class="govuk-heading-l">SIN-2024-040</h1>' in html
    assert "Death" in html
    assert "Metropolitan Police Service" in html
    assert '<p class="govuk-body">The school had raised concerns.</p>' in html
    assert html.index("Child A") < html.index("Under 1") < html.index("Sibling B")
    assert "1 to 4" in html


def test_the_page_shows_the_statutory_due_dates_across_easter(client, scrutineer, monkeypatch):
    # Aware on Wednesday 27 March 2024: Good Friday and Easter Monday do not count, so the
    # panel is due its notification on Friday 5 April and the rapid review 15 working days
    # after becoming aware, on Friday 19 April.
    notification = NotificationFactory(became_aware_on=D(2024, 3, 27), notified_on=None)
    today_is(monkeypatch, D(2024, 4, 3))

    html = page(client, scrutineer, detail_url(notification))

    notify = html[html.index("Notify the national panel") :]
    assert "Due Friday 5 April 2024" in notify
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong> 2 working days left' in (
        notify
    )
    rapid = html[html.index("Send the rapid review to the panel") :]
    assert "Due Friday 19 April 2024" in rapid
    assert '<strong class="govuk-tag govuk-tag--green">On track</strong> 12 working days left' in (
        rapid
    )


def test_the_rapid_review_clock_counts_from_the_notification_where_the_setting_says(
    client, scrutineer, settings
):
    # Notified Tuesday 2 April 2024: 15 working days on is Tuesday 23 April.
    settings.REVIEWS_RAPID_REVIEW_FROM = "notification"
    notification = NotificationFactory(became_aware_on=D(2024, 3, 27), notified_on=D(2024, 4, 2))

    html = page(client, scrutineer, detail_url(notification))

    assert "Due Tuesday 23 April 2024" in html


def test_reading_the_page_writes_a_viewed_entry_for_the_notification(client, scrutineer):
    notification = NotificationFactory()

    page(client, scrutineer, detail_url(notification))

    entry = AuditEntry.objects.get(verb=AuditVerb.VIEWED)
    assert (entry.user, entry.record_type, entry.record_id) == (
        scrutineer,
        "reviews.notification",
        notification.pk,
    )
    assert entry.path == detail_url(notification)


def row(html, text):
    """The table row of the page that holds `text`."""
    at = html.index(text)
    return html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]


def test_the_page_shows_the_rapid_review_its_meetings_and_agencies_summaries(
    client, scrutineer, monkeypatch
):
    notification = NotificationFactory()
    rapid_review = notification.rapid_review
    rapid_review.decision = RapidReviewDecision.NO_FURTHER_REVIEW
    rapid_review.decided_on = D(2024, 3, 20)
    rapid_review.findings = "Information was not shared between health and police."
    rapid_review.save()
    rapid_review.meetings.create(held_on=D(2024, 3, 14))
    SummaryRequestFactory(
        rapid_review=rapid_review,
        agency=AgencyFactory(name="Thameside Schools"),
        due_on=D(2024, 3, 12),
        received_on=D(2024, 3, 11),
    )
    SummaryRequestFactory(
        rapid_review=rapid_review, agency=AgencyFactory(name="Ambulance"), due_on=D(2024, 3, 12)
    )
    SummaryRequestFactory(
        rapid_review=rapid_review, agency=AgencyFactory(name="GP"), due_on=D(2024, 3, 22)
    )
    today_is(monkeypatch, D(2024, 3, 15))

    html = page(client, scrutineer, detail_url(notification))

    assert "No further review" in html
    assert "20 March 2024" in html
    assert "Information was not shared between health and police." in html
    assert "Thursday 14 March 2024" in html
    summaries = html[html.index("Agencies’ summaries") :]
    assert "Awaiting" in row(summaries, "Ambulance")
    assert "Overdue" in row(summaries, "Ambulance")
    assert "Awaiting" in row(summaries, ">GP<")
    assert "Overdue" not in row(summaries, ">GP<")
    assert "11 March 2024" in row(summaries, "Thameside Schools")
    assert "Awaiting" not in row(summaries, "Thameside Schools")


def test_the_page_lists_the_rapid_reviews_recommendations_with_their_themes(client, scrutineer):
    notification = NotificationFactory()
    recommendation = RecommendationFactory(
        review=None,
        rapid_review=notification.rapid_review,
        number=1,
        text="Share information about fathers.",
    )
    recommendation.themes.set(
        [LearningThemeFactory(name="Working with fathers"), LearningThemeFactory(name="Neglect")]
    )
    RecommendationFactory(text="A recommendation of another review.")

    html = page(client, scrutineer, detail_url(notification))

    assert "Share information about fathers." in html
    assert "Neglect, Working with fathers" in html
    assert "A recommendation of another review." not in html


def test_the_page_links_to_the_reviews_that_followed(client, scrutineer):
    notification = NotificationFactory()
    review = ReviewFactory(title="Local CSPR: Child A", rapid_review=notification.rapid_review)
    ReviewFactory(title="Another review")
    url = reverse("reviews:review", kwargs={"pk": review.pk})

    html = page(client, scrutineer, detail_url(notification))

    assert f'<a class="govuk-link" href="{url}">Local CSPR: Child A</a>' in html
    assert "Another review" not in html


@pytest.mark.parametrize(
    ("decision", "offered"),
    [
        (RapidReviewDecision.LOCAL_CSPR, True),
        (RapidReviewDecision.LEARNING_REVIEW, True),
        (RapidReviewDecision.NO_FURTHER_REVIEW, False),
        (RapidReviewDecision.NATIONAL_REVIEW, False),
    ],
)
def test_a_decision_to_review_offers_to_start_the_review(client, business_unit, decision, offered):
    notification = NotificationFactory()
    rapid_review = notification.rapid_review
    rapid_review.decision, rapid_review.decided_on = decision, D(2024, 3, 20)
    rapid_review.save()
    start = reverse("reviews:review_create") + f"?rapid_review={rapid_review.pk}"

    assert (start in page(client, business_unit, detail_url(notification))) is offered


def test_once_the_review_is_started_it_is_not_offered_again(client, business_unit, scrutineer):
    notification = NotificationFactory()
    rapid_review = notification.rapid_review
    rapid_review.decision, rapid_review.decided_on = "local_cspr", D(2024, 3, 20)
    rapid_review.save()
    start = reverse("reviews:review_create") + f"?rapid_review={rapid_review.pk}"
    assert start not in page(client, scrutineer, detail_url(notification))

    ReviewFactory(rapid_review=rapid_review)

    assert start not in page(client, business_unit, detail_url(notification))


def test_the_business_unit_is_offered_to_add_a_recommendation(client, business_unit, scrutineer):
    notification = NotificationFactory()
    url = reverse("reviews:rapid_review_recommendation_create", kwargs={"pk": notification.pk})

    assert url in page(client, business_unit, detail_url(notification))
    assert url not in page(client, scrutineer, detail_url(notification))


def test_a_notification_that_does_not_exist_is_404(client, business_unit):
    client.force_login(business_unit)

    assert client.get(reverse("reviews:notification", kwargs={"pk": 999999})).status_code == 404


# Recording a notification


def test_a_notification_with_two_children_is_saved_and_audited(client, business_unit, agency_a):
    client.force_login(business_unit)

    response = client.post(
        CREATE,
        form_data(
            child_2_pseudonym="Baby B",
            child_2_age_band=AgeBand.UNDER_1,
            agencies=[agency_a.pk],
            looked_after="yes",
        ),
        REMOTE_ADDR="203.0.113.7",
    )

    notification = Notification.objects.get(reference="SIN-2024-031")
    assert response.status_code == 302
    assert response["Location"] == detail_url(notification)
    assert [(c.position, c.pseudonym, c.age_band) for c in notification.children.all()] == [
        (1, "Child A", AgeBand.AGE_5_TO_9),
        (2, "Baby B", AgeBand.UNDER_1),
    ]
    assert (notification.became_aware_on, notification.notified_on) == (
        D(2024, 3, 27),
        D(2024, 4, 3),
    )
    assert notification.looked_after is True
    assert list(notification.agencies.all()) == [agency_a]
    assert notification.rapid_review.decision == ""
    entry = AuditEntry.objects.get(verb=AuditVerb.CREATED)
    assert (entry.user, entry.address, entry.record_id) == (
        business_unit,
        "203.0.113.7",
        notification.pk,
    )
    html = client.get(response["Location"]).content.decode()
    assert "Notification SIN-2024-031 added" in html


def test_the_notification_date_may_be_left_blank_until_it_is_sent(client, business_unit):
    client.force_login(business_unit)

    client.post(CREATE, form_data(notified_on_0="", notified_on_1="", notified_on_2=""))

    assert Notification.objects.get(reference="SIN-2024-031").notified_on is None


def test_the_form_warns_against_names_and_dates_of_birth(client, business_unit):
    html = page(client, business_unit, CREATE)

    warning = html[html.index('<div class="govuk-warning-text">') :]
    warning = warning[: warning.index("</div>")]
    assert "name, date of birth, address or school" in warning
    assert "“Child A”" in warning
    assert html.count("<legend") >= 4
    for n in range(1, 5):
        assert f"Child {n}" in html


def refused(client, user, data, *messages):
    client.force_login(user)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<title>Error: ") == 1
    summary = html[html.index("govuk-error-summary") : html.index("<h1")]
    for message in messages:
        assert message in summary
        assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in html
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(verb=AuditVerb.CREATED).exists()
    return html


def test_a_blank_first_child_is_refused(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(child_1_pseudonym="", child_1_age_band=""),
        "Enter a pseudonym for child 1",
        "Select an age band for child 1",
    )


def test_an_age_band_without_a_pseudonym_is_refused_naming_the_row(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(child_3_age_band=AgeBand.UNDER_1),
        "Enter a pseudonym for child 3",
    )


def test_a_pseudonym_without_an_age_band_is_refused_naming_the_row(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(child_2_pseudonym="Child B"),
        "Select an age band for child 2",
    )


@pytest.mark.parametrize("name", ["Jane Smith", "Child Jane", "child a", "Baby A Smith"])
def test_a_name_in_place_of_a_pseudonym_is_refused(client, business_unit, name):
    refused(
        client,
        business_unit,
        form_data(child_1_pseudonym=name),
        "The pseudonym of child 1 must be",
    )


def test_a_row_with_a_name_and_no_age_band_gets_both_messages(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(child_2_pseudonym="Jane Smith"),
        "The pseudonym of child 2 must be",
        "Select an age band for child 2",
    )


def test_two_children_with_one_pseudonym_are_refused(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(child_2_pseudonym="Child A", child_2_age_band=AgeBand.UNDER_1),
        "Child 2 has the same pseudonym as child 1",
    )


@pytest.mark.parametrize("text", ["Born 3 March 2019, lived with mother.", "Seen on 04/03/2024."])
def test_a_full_date_in_the_summary_is_refused(client, business_unit, text):
    refused(client, business_unit, form_data(summary=text), "Remove the full date")


def test_the_required_answers_are_asked_for(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(
            reference="",
            category="",
            looked_after="",
            summary="",
            became_aware_on_0="",
            became_aware_on_1="",
            became_aware_on_2="",
        ),
        "Enter the reference",
        "Enter the date the local authority became aware",
        "Select the category",
        "Select yes if any child was looked after",
        "Enter a summary of what happened",
    )


def test_a_notification_before_the_local_authority_knew_is_refused(client, business_unit):
    refused(
        client,
        business_unit,
        form_data(**date_fields("notified_on", D(2024, 3, 26))),
        "The notification date must be the same as or after the date the local authority "
        "became aware",
    )


def test_a_reference_already_used_is_refused(client, business_unit):
    NotificationFactory(reference="SIN-2024-031")
    client.force_login(business_unit)

    html = client.post(CREATE, form_data(reference="sin-2024-031")).content.decode()

    assert "A notification with this reference already exists" in html
    assert Notification.objects.count() == 1


# Changing a notification


def test_the_change_form_is_filled_in_with_the_notification(client, business_unit, agency_a):
    notification = NotificationFactory(reference="SIN-2024-050", became_aware_on=D(2024, 3, 4))
    notification.agencies.set([agency_a])

    html = page(client, business_unit, edit_url(notification))

    assert 'value="SIN-2024-050"' in html
    assert 'name="became_aware_on_2" value="2024"' in html
    assert 'name="child_1_pseudonym" value="Child A"' in html
    assert re.search(rf'<input[^>]*name="agencies"[^>]*value="{agency_a.pk}"[^>]*checked', html)


def test_changing_a_notification_replaces_its_children_and_is_audited(client, business_unit):
    notification = NotificationFactory(reference="SIN-2024-050")
    client.force_login(business_unit)

    response = client.post(
        edit_url(notification),
        form_data(
            reference="SIN-2024-050",
            child_1_pseudonym="Young person C",
            child_1_age_band=AgeBand.AGE_16_TO_17,
        ),
    )

    assert response.status_code == 302
    notification.refresh_from_db()
    assert [child.pseudonym for child in notification.children.all()] == ["Young person C"]
    assert notification.category == IncidentCategory.DEATH
    assert AuditEntry.objects.filter(
        verb=AuditVerb.CHANGED, record_id=notification.pk, user=business_unit
    ).exists()


def test_a_refused_change_saves_nothing(client, business_unit):
    notification = NotificationFactory(reference="SIN-2024-050")
    client.force_login(business_unit)

    response = client.post(edit_url(notification), form_data(child_1_pseudonym="Jane Smith"))

    assert response.status_code == 200
    assert [child.pseudonym for child in notification.children.all()] == ["Child A"]
    assert not AuditEntry.objects.filter(verb=AuditVerb.CHANGED).exists()
