"""The reviews' pages: the list, adding each kind of review (from a rapid review or not), a
review's page, changing it, and publishing a local CSPR on the public site."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import (
    ActionStatus,
    AuditEntry,
    AuditVerb,
    Publication,
    PublicationKind,
)
from reviews import services
from reviews.models import RapidReviewDecision, Review, ReviewKind, ReviewStatus
from reviews.services import ClockKind, ClockState

from ..factories import DOCX_BYTES, PDF_BYTES, ActionFactory, BodyFactory, office_file, pdf
from ..upload_checks import (
    EXE_BYTES,
    ODT_BYTES,
    OVER_1_MB,
    PNG_BYTES,
    XLSX_MAIN_PART,
    assert_refused,
    stored_files,
)
from .factories import (
    ExternalReviewFactory,
    LearningThemeFactory,
    RecommendationFactory,
    ReviewFactory,
    rapid_review,
)

LIST = reverse("reviews:reviews")
CREATE = reverse("reviews:review_create")


def page_of(review):
    return reverse("reviews:review", kwargs={"pk": review.pk})


def publish_url(review):
    return reverse("reviews:review_publish", kwargs={"pk": review.pk})


def date_parts(name, date):
    return {f"{name}_0": str(date.day), f"{name}_1": str(date.month), f"{name}_2": str(date.year)}


def decided(decision, on=datetime.date(2024, 3, 20)):
    source = rapid_review()
    source.decision = decision
    source.decided_on = on
    source.save()
    return source


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


CSPR = {
    "title": "Local CSPR: Child D",
    **date_parts("decided_on", datetime.date(2024, 5, 7)),
    "reviewer": "An independent reviewer",
    "terms_of_reference": "How agencies shared information from March 2023.",
    "status": ReviewStatus.IN_PROGRESS,
}


# Adding a review


def test_it_asks_the_kind_of_review_first(signed_in):
    html = signed_in.get(CREATE).content.decode()

    assert 'method="get"' in html
    for kind in ReviewKind:
        assert f'value="{kind.value}"' in html
    assert "govuk-error-summary" not in html


def test_choosing_no_kind_says_so(signed_in):
    response = signed_in.get(CREATE, {"submit": "Continue"})

    assert response.context["form"].errors["kind"] == ["Select the kind of review"]
    assert response.content.decode().count("<title>Error: ") == 1


def test_the_business_unit_adds_a_cspr(signed_in):
    response = signed_in.post(f"{CREATE}?kind=cspr", CSPR)

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(review)
    assert review.kind == ReviewKind.CSPR
    assert review.decided_on == datetime.date(2024, 5, 7)
    assert review.reviewer == "An independent reviewer"
    assert review.rapid_review is None
    assert AuditEntry.objects.filter(verb=AuditVerb.CREATED, record_id=review.pk).exists()


def test_the_business_unit_adds_a_learning_review_led_by_a_subgroup(signed_in):
    subgroup = BodyFactory(name="Learning and review subgroup")

    signed_in.post(
        f"{CREATE}?kind=learning_review",
        {
            "title": "Learning review: Sibling group E",
            **date_parts("decided_on", datetime.date(2024, 6, 3)),
            "led_by": subgroup.pk,
            **date_parts("agreed_with_panel_on", datetime.date(2024, 6, 10)),
            "status": ReviewStatus.IN_PROGRESS,
        },
    )

    review = Review.objects.get()
    assert review.kind == ReviewKind.LEARNING_REVIEW
    assert review.led_by == subgroup
    assert review.agreed_with_panel_on == datetime.date(2024, 6, 10)


def test_the_business_unit_adds_a_national_review_and_its_response(signed_in):
    signed_in.post(
        f"{CREATE}?kind=external",
        {
            "title": "Safeguarding children with disabilities in residential settings",
            "source": "national",
            "author": "Child Safeguarding Practice Review Panel",
            **date_parts("source_published_on", datetime.date(2023, 4, 24)),
            "link": "https://www.gov.uk/government/publications/a-review",
            "our_response": "Our residential providers will be audited against it.",
            "status": ReviewStatus.IN_PROGRESS,
        },
    )

    review = Review.objects.get()
    assert review.kind == ReviewKind.EXTERNAL
    assert review.source == "national"
    assert review.link == "https://www.gov.uk/government/publications/a-review"
    assert review.decided_on is None


@pytest.mark.parametrize(
    ("kind", "shown", "left_out"),
    [
        ("cspr", ["decided_on_0", "reviewer", "final_report_sent_on_0"], ["led_by", "source"]),
        ("learning_review", ["decided_on_0", "led_by"], ["reviewer", "source", "link"]),
        ("external", ["source", "link", "our_response"], ["decided_on_0", "reviewer"]),
    ],
)
def test_the_form_asks_only_its_kinds_questions(signed_in, kind, shown, left_out):
    html = signed_in.get(CREATE, {"kind": kind}).content.decode()

    for name in shown:
        assert f'name="{name}"' in html, name
    for name in left_out:
        assert f'name="{name}"' not in html, name


@pytest.mark.parametrize("kind", ["cspr", "learning_review", "external"])
def test_published_is_not_a_status_the_form_offers(signed_in, kind):
    form = signed_in.get(CREATE, {"kind": kind}).context["form"]

    statuses = [value for value, _ in form.fields["status"].choices]
    assert ReviewStatus.IN_PROGRESS in statuses
    assert ReviewStatus.PUBLISHED not in statuses
    assert (ReviewStatus.FINAL_REPORT in statuses) == (kind == "cspr")


def test_a_review_cannot_be_marked_published_by_its_form(signed_in):
    response = signed_in.post(f"{CREATE}?kind=cspr", {**CSPR, "status": ReviewStatus.PUBLISHED})

    assert "status" in response.context["form"].errors
    assert not Review.objects.exists()


def test_a_cspr_without_a_decision_date_is_refused(signed_in):
    data = {name: value for name, value in CSPR.items() if not name.startswith("decided_on")}

    response = signed_in.post(f"{CREATE}?kind=cspr", data)

    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"] == [
        "Enter the date of the decision to review"
    ]
    html = response.content.decode()
    assert html.index("govuk-error-summary") < html.index("<h1")
    assert not Review.objects.exists()


def test_a_national_review_must_say_who_published_it(signed_in):
    response = signed_in.post(
        f"{CREATE}?kind=external", {"title": "A review", "status": ReviewStatus.IN_PROGRESS}
    )

    assert response.context["form"].errors["source"] == ["Select who published the review"]
    assert not Review.objects.exists()


def test_a_full_date_in_the_terms_of_reference_is_refused(signed_in):
    response = signed_in.post(
        f"{CREATE}?kind=cspr", {**CSPR, "terms_of_reference": "Events up to 14 March 2023."}
    )

    assert "terms_of_reference" in response.context["form"].errors
    assert not Review.objects.exists()


def test_the_services_own_checks_show_on_the_form(signed_in):
    # The form lets both dates through; the service finds them out of order.
    response = signed_in.post(
        f"{CREATE}?kind=cspr",
        {**CSPR, **date_parts("final_report_sent_on", datetime.date(2024, 5, 1))},
    )

    assert response.context["form"].errors["final_report_sent_on"] == [
        "The date the final report was sent must be the same as or after the decision"
    ]
    assert not Review.objects.exists()


def test_a_review_started_from_a_rapid_review_takes_its_kind_from_the_decision(signed_in):
    source = decided(RapidReviewDecision.LOCAL_CSPR)
    url = f"{CREATE}?rapid_review={source.pk}"

    form = signed_in.get(url).context["form"]
    # The kind asked for in the address does not override the decision.
    response = signed_in.post(f"{url}&kind=external", CSPR)

    assert form.initial["decided_on"] == datetime.date(2024, 3, 20)
    review = Review.objects.get()
    assert response["Location"] == page_of(review)
    assert (review.kind, review.rapid_review) == (ReviewKind.CSPR, source)


def test_a_learning_review_follows_a_rapid_review_that_agreed_one(signed_in):
    source = decided(RapidReviewDecision.LEARNING_REVIEW)

    form = signed_in.get(CREATE, {"rapid_review": source.pk}).context["form"]

    assert "led_by" in form.fields
    assert "reviewer" not in form.fields


@pytest.mark.parametrize(
    "decision", [RapidReviewDecision.NO_FURTHER_REVIEW, RapidReviewDecision.NATIONAL_REVIEW, ""]
)
def test_no_review_starts_from_a_rapid_review_that_decided_on_none(signed_in, decision):
    source = decided(decision)
    url = f"{CREATE}?rapid_review={source.pk}&kind=cspr"

    page = signed_in.get(url).content.decode()
    signed_in.post(url, CSPR)

    assert "No local review follows this rapid review" in page
    assert "form" not in signed_in.get(url).context
    assert not Review.objects.exists()


def test_an_unknown_rapid_review_is_not_found(signed_in):
    assert signed_in.get(CREATE, {"rapid_review": "999999"}).status_code == 404
    assert signed_in.get(CREATE, {"rapid_review": "x"}).status_code == 404


# Changing a review


def test_the_business_unit_changes_a_review(signed_in):
    review = ReviewFactory(title="Local CSPR: Child F")
    url = reverse("reviews:review_edit", kwargs={"pk": review.pk})

    assert signed_in.get(url).context["form"].initial["title"] == "Local CSPR: Child F"
    response = signed_in.post(
        url,
        {
            **CSPR,
            "title": "Local CSPR: Child G",
            "status": ReviewStatus.FINAL_REPORT,
            "delay_reason": "The reviewer fell ill.",
        },
    )

    review.refresh_from_db()
    assert response["Location"] == page_of(review)
    assert (review.title, review.status) == ("Local CSPR: Child G", ReviewStatus.FINAL_REPORT)
    assert review.delay_reason == "The reviewer fell ill."
    assert AuditEntry.objects.filter(verb=AuditVerb.CHANGED, record_id=review.pk).exists()


def test_a_failed_change_keeps_the_saved_title_on_the_page(signed_in):
    review = ReviewFactory(title="Local CSPR: Child F")
    url = reverse("reviews:review_edit", kwargs={"pk": review.pk})

    response = signed_in.post(url, {**CSPR, "title": "", "decided_on_0": ""})

    html = response.content.decode()
    assert "Back to Local CSPR: Child F" in html
    assert response.context["form"].errors["title"] == ["Enter the title of the review"]
    review.refresh_from_db()
    assert review.title == "Local CSPR: Child F"


def test_a_published_review_keeps_its_status_when_changed(signed_in, business_unit):
    review = published(business_unit)
    url = reverse("reviews:review_edit", kwargs={"pk": review.pk})

    assert "status" not in signed_in.get(url).context["form"].fields
    signed_in.post(url, {**CSPR, "title": "Local CSPR: Child H"})

    review.refresh_from_db()
    assert (review.title, review.status) == ("Local CSPR: Child H", ReviewStatus.PUBLISHED)


# A review's page


def test_the_page_shows_a_csprs_fields_and_clocks(client, scrutineer):
    source = decided(RapidReviewDecision.LOCAL_CSPR)
    review = ReviewFactory(
        title="Local CSPR: Child J",
        rapid_review=source,
        decided_on=datetime.date(2024, 4, 2),
        reviewer="A. Reviewer Associates",
        delay_reason="The trial moved to the autumn.",
    )
    client.force_login(scrutineer)

    html = client.get(page_of(review)).content.decode()

    assert "A. Reviewer Associates" in html
    assert "Send the final report to the panel" in html
    assert "Publish the review" in html
    # Six calendar months after 2 April 2024.
    assert "Due Wednesday 2 October 2024" in html
    assert "The trial moved to the autumn." in html
    notification = reverse("reviews:notification", kwargs={"pk": source.notification_id})
    assert f'href="{notification}"' in html
    assert "Not published yet" in html
    # A scrutineer reads; only the business unit changes.
    assert reverse("reviews:review_edit", kwargs={"pk": review.pk}) not in html


def test_reading_a_review_is_written_to_the_audit_log(client, partner_lead):
    review = ReviewFactory()
    client.force_login(partner_lead)

    client.get(page_of(review))

    entry = AuditEntry.objects.get(verb=AuditVerb.VIEWED)
    assert (entry.user, entry.record_type, entry.record_id) == (
        partner_lead,
        "reviews.review",
        review.pk,
    )


def test_the_page_shows_each_recommendation_with_its_themes_actions_and_progress(signed_in):
    review = ExternalReviewFactory()
    first = RecommendationFactory(review=review, number=1, text="Hear the voice of the child.")
    first.themes.add(LearningThemeFactory(name="Voice of the child"))
    ActionFactory(title="Add the child's view to assessments", source=first)
    second = RecommendationFactory(review=review, number=2)
    ActionFactory(title="Done already", source=second, status=ActionStatus.COMPLETE)

    html = signed_in.get(page_of(review)).content.decode()

    assert "Hear the voice of the child." in html
    assert "Voice of the child" in html
    assert "Add the child&#x27;s view to assessments" in html
    assert ">In progress</strong>" in html
    assert ">Complete</strong>" in html
    assert reverse("reviews:recommendation_action_create", kwargs={"pk": first.pk}) in html
    # Nothing of a CSPR's: no clocks, no publishing.
    assert "Statutory dates" not in html
    assert publish_url(review) not in html


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_are_refused_and_the_refusal_audited(client, cast, who):
    review = ReviewFactory()

    for url in (LIST, page_of(review), CREATE, publish_url(review)):
        client.force_login(cast[who])
        assert client.get(url).status_code == 404, url

    refusals = AuditEntry.objects.filter(verb=AuditVerb.REFUSED, user=cast[who])
    assert refusals.count() == 4
    assert not AuditEntry.objects.filter(verb=AuditVerb.VIEWED).exists()


def test_readers_cannot_change_a_review(client, scrutineer):
    review = ReviewFactory()
    client.force_login(scrutineer)

    assert client.get(reverse("reviews:review_edit", kwargs={"pk": review.pk})).status_code == 404
    assert client.post(publish_url(review)).status_code == 404
    assert client.get(CREATE).status_code == 404


# Publishing a CSPR


def published(user, **fields):
    from partnership.services.audit import Actor

    fields.setdefault("decided_on", timezone.localdate() - datetime.timedelta(days=60))
    review = ReviewFactory(title="Local CSPR: Child K", **fields)
    return services.review_publish(
        actor=Actor(user=user), review=review, summary="What we learned.", file=pdf()
    )


def test_publishing_a_cspr_puts_its_report_on_the_public_site(signed_in, client):
    review = ReviewFactory(
        title="Local CSPR: Child K",
        decided_on=timezone.localdate() - datetime.timedelta(days=60),
    )

    response = signed_in.post(
        publish_url(review),
        {"summary": "What the review of Child K found.", "file": pdf("child-k.pdf")},
    )

    review.refresh_from_db()
    assert response["Location"] == page_of(review)
    publication = Publication.objects.get()
    assert review.publication == publication
    assert publication.kind == PublicationKind.CSPR
    assert publication.is_published
    assert (review.status, review.published_on) == (ReviewStatus.PUBLISHED, timezone.localdate())
    clock = next(c for c in services.review_clocks(review) if c.kind == ClockKind.PUBLICATION)
    assert clock.state(timezone.localdate()) == ClockState.MET
    assert AuditEntry.objects.filter(verb=AuditVerb.PUBLISHED, record_id=review.pk).exists()

    page = signed_in.get(page_of(review)).content.decode()
    assert "The report is on the public site" in page
    public_url = reverse("publication", kwargs={"slug": publication.slug})
    assert public_url in page

    client.logout()
    public_list = client.get(reverse("publications")).content.decode()
    assert "Local CSPR: Child K" in public_list
    assert client.get(public_url).status_code == 200


def test_publishing_again_makes_a_new_version_and_says_so(signed_in, business_unit):
    review = published(business_unit)
    first_published_on = review.published_on

    form_page = signed_in.get(publish_url(review)).content.decode()
    signed_in.post(publish_url(review), {"summary": "Updated after the panel's comments."})

    review.refresh_from_db()
    assert "Publish a new version of the report" in form_page
    assert "Publishing again makes version 2" in form_page
    assert "The report now is report" in form_page
    assert review.publication.published_version.number == 2
    assert review.publication.published_version.summary == "Updated after the panel's comments."
    # The report's file stays when none is uploaded.
    assert review.publication.published_version.file
    assert review.published_on == first_published_on
    page = signed_in.get(page_of(review)).content.decode()
    assert "Version 2 of the report is on the public site" in page


def test_a_learning_review_is_not_published_here(signed_in):
    review = ReviewFactory(kind=ReviewKind.LEARNING_REVIEW)

    assert signed_in.get(publish_url(review)).status_code == 404
    assert signed_in.post(publish_url(review), {"summary": "x"}).status_code == 404
    assert not Publication.objects.exists()


WRONG_TYPE = "The selected file must be a PDF, DOCX or ODT"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("figures.xlsx", office_file(XLSX_MAIN_PART, part_name="/xl/workbook.xml")), WRONG_TYPE),
        (pdf("report.exe", EXE_BYTES), WRONG_TYPE),
        (pdf("report.pdf", EXE_BYTES), WRONG_TYPE),
        (pdf("report.pdf", DOCX_BYTES), WRONG_TYPE),
        (pdf("report.odt", PNG_BYTES), WRONG_TYPE),
        (pdf("report.pdf", b""), "The selected file is empty"),
        (pdf("report.pdf", PDF_BYTES + b"0" * OVER_1_MB), "The selected file must be smaller than 1 MB"),
    ],
    ids=["spreadsheet", "executable", "executable named pdf", "docx named pdf", "image named odt",
         "empty", "too big"],
)  # fmt: skip
def test_the_report_must_be_a_real_document_and_a_bad_one_stores_nothing(
    signed_in, settings, upload, message
):
    settings.UPLOAD_MAX_MB = 1
    review = ReviewFactory()

    response = signed_in.post(publish_url(review), {"summary": "Findings.", "file": upload})

    assert_refused(response, message)
    assert not Publication.objects.exists()
    review.refresh_from_db()
    assert review.published_on is None
    assert stored_files(settings) == []


def test_the_report_may_be_an_opendocument_text(signed_in):
    review = ReviewFactory()

    signed_in.post(publish_url(review), {"summary": "Findings.", "file": pdf("r.odt", ODT_BYTES)})

    assert Publication.objects.get().file.name.endswith(".odt")


def test_publishing_needs_a_summary_and_the_report(signed_in):
    review = ReviewFactory()

    response = signed_in.post(publish_url(review), {})

    errors = response.context["form"].errors
    assert errors["summary"] == ["Enter a summary for the public"]
    assert errors["file"] == ["Upload the report, or enter its text"]
    assert not Publication.objects.exists()


def test_the_publish_page_warns_that_the_report_goes_public(signed_in):
    html = signed_in.get(publish_url(ReviewFactory())).content.decode()

    assert "This puts the report on the public site" in html
    assert 'enctype="multipart/form-data"' in html


# The list


def test_the_list_shows_each_kind_with_its_status_and_publication_clock(client, scrutineer):
    ReviewFactory(title="Local CSPR: Child L", decided_on=datetime.date(2024, 4, 2))
    ExternalReviewFactory(title="National review of bruising")
    client.force_login(scrutineer)

    response = client.get(LIST)

    html = response.content.decode()
    assert "Local CSPR: Child L" in html
    assert "National review of bruising" in html
    assert "Due 2 October 2024" in html
    assert ">Overdue</strong>" in html
    assert AuditEntry.objects.get(verb=AuditVerb.VIEWED).summary == "Reviews, page 1"


def test_the_list_filters_by_kind_and_status(client, scrutineer):
    ReviewFactory(title="In progress CSPR")
    ReviewFactory(title="Reported CSPR", status=ReviewStatus.FINAL_REPORT)
    ExternalReviewFactory(title="External review")
    client.force_login(scrutineer)

    def titles(**filters):
        return {r.title for r in client.get(LIST, filters).context["reviews"]}

    assert titles(kind="cspr") == {"In progress CSPR", "Reported CSPR"}
    assert titles(kind="cspr", status="final_report") == {"Reported CSPR"}
    assert titles(kind="external") == {"External review"}


def test_the_list_is_paged(client, scrutineer):
    ReviewFactory.create_batch(27)
    client.force_login(scrutineer)

    assert len(client.get(LIST).context["reviews"]) == 25
    assert len(client.get(LIST, {"page": 2}).context["reviews"]) == 2


def test_the_list_runs_a_fixed_number_of_queries(client, scrutineer, django_assert_num_queries):
    def add(count):
        for n in range(count):
            ReviewFactory(decided_on=datetime.date(2024, 1 + n % 12, 1))
            ExternalReviewFactory()

    client.force_login(scrutineer)
    client.get(LIST)  # the first request after sign-in stamps the session
    add(2)
    # Session, user, the second factor's device, the count, the page, the audit entry, then the
    # session saved inside a savepoint (three): nine, at any size.
    with django_assert_num_queries(9):
        client.get(LIST)
    add(20)
    with django_assert_num_queries(9):
        client.get(LIST)
