"""The evaluation page and the certificate, behind the attendee's own account, and the impact
follow-up page, reached by a signed link with no account."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from training.models import BookingStatus, Evaluation, ImpactResponse, Respondent
from training.services.emails import LINK_DAYS, link_token
from training.services.evaluation import evaluation_submit

from .factories import attended_booking

pytestmark = pytest.mark.django_db

ANSWERS = {"objectives_met": "yes", "equipped": "yes", "would_recommend": "no", "comments": ""}


@pytest.fixture
def booking(practitioner):
    return attended_booking(user=practitioner, attendee_name="Sam Patel", job_title="Teacher")


def evaluate_url(booking):
    return reverse("training:evaluate", args=[booking.pk])


def certificate_url(booking):
    return reverse("training:certificate", args=[booking.pk])


def evaluated(booking):
    evaluation_submit(booking=booking, objectives_met=True, equipped=True, would_recommend=True)
    return booking


# Evaluation


def test_the_attendee_sees_three_yes_or_no_questions_and_a_comments_box(client, booking):
    client.force_login(booking.user)

    page = client.get(evaluate_url(booking)).content.decode()

    assert booking.session.course.title in page
    assert page.count('<div class="govuk-radios"') == 3
    for question in [
        "Were the course’s learning objectives met?",
        "Do you feel better equipped for your work?",
        "Would you recommend this course to a colleague?",
    ]:
        assert question in page
    assert 'name="comments"' in page


def test_the_attendee_evaluates_and_is_thanked_with_a_link_to_the_certificate(client, booking):
    client.force_login(booking.user)

    response = client.post(evaluate_url(booking), {**ANSWERS, "comments": "Very useful"})

    assert response.status_code == 302
    assert response["Location"] == evaluate_url(booking)
    evaluation = Evaluation.objects.get(booking=booking)
    assert (evaluation.objectives_met, evaluation.equipped, evaluation.would_recommend) == (
        True,
        True,
        False,
    )
    assert evaluation.comments == "Very useful"
    thanks = client.get(evaluate_url(booking)).content.decode()
    assert "Thank you for your evaluation" in thanks
    assert f'href="{certificate_url(booking)}"' in thanks
    assert 'name="objectives_met"' not in thanks


def test_a_question_left_unanswered_is_named_and_nothing_is_saved(client, booking):
    client.force_login(booking.user)

    response = client.post(evaluate_url(booking), {"equipped": "no", "comments": "Hmm"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "Select yes if the learning objectives were met" in page
    assert "Select yes if you would recommend this course to a colleague" in page
    assert "Select yes if you feel better equipped" not in page
    assert not Evaluation.objects.exists()


def test_a_second_evaluation_is_not_taken(client, booking):
    client.force_login(booking.user)
    evaluated(booking)

    response = client.post(evaluate_url(booking), ANSWERS)

    assert "Thank you for your evaluation" in response.content.decode()
    assert Evaluation.objects.get().would_recommend is True


def test_a_course_not_yet_attended_cannot_be_evaluated(client, booking):
    booking.status = BookingStatus.CONFIRMED
    booking.save()
    client.force_login(booking.user)

    response = client.post(evaluate_url(booking), ANSWERS)

    assert "You cannot evaluate this course yet" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_someone_who_did_not_attend_is_told_there_is_nothing_to_evaluate(client, booking):
    booking.status = BookingStatus.DID_NOT_ATTEND
    booking.save()
    client.force_login(booking.user)

    page = client.get(evaluate_url(booking)).content.decode()

    assert "There is nothing to evaluate" in page
    assert "did not attend" in page


@pytest.mark.parametrize("who", ["business_unit", "agency_lead_b", "other_practitioner"])
def test_nobody_else_can_see_an_attendees_evaluation_or_certificate(client, request, booking, who):
    if who == "other_practitioner":
        from ..factories import UserFactory

        user = UserFactory()
    else:
        user = request.getfixturevalue(who)
    evaluated(booking)
    client.force_login(user)

    assert client.get(evaluate_url(booking)).status_code == 404
    assert client.post(evaluate_url(booking), ANSWERS).status_code == 404
    assert client.get(certificate_url(booking)).status_code == 404


def test_the_public_is_asked_to_sign_in(client, booking):
    response = client.get(evaluate_url(booking))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_evaluation_page_costs_the_same_whatever_the_attendee_has_booked(
    client, booking, django_assert_max_num_queries
):
    for _ in range(5):
        attended_booking(user=booking.user)
    client.force_login(booking.user)

    with django_assert_max_num_queries(8):
        client.get(evaluate_url(booking))


# Certificate


def test_before_the_evaluation_the_certificate_page_asks_for_it(client, booking):
    client.force_login(booking.user)

    response = client.get(certificate_url(booking))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Evaluate the course to get your certificate" in page
    assert f'href="{evaluate_url(booking)}"' in page


def test_after_the_evaluation_the_certificate_downloads_as_a_pdf(client, booking):
    client.force_login(booking.user)
    evaluated(booking)

    response = client.get(certificate_url(booking))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="certificate-')
    assert response.content.startswith(b"%PDF-")


def test_a_booking_not_attended_has_no_certificate(client, booking):
    booking.status = BookingStatus.CANCELLED
    booking.save()
    client.force_login(booking.user)

    page = client.get(certificate_url(booking)).content.decode()

    assert "No certificate for this booking" in page


# Impact follow-up


def impact_url(booking, respondent=Respondent.ATTENDEE):
    token = link_token(booking, "impact", respondent=str(respondent))
    return reverse("training:impact", kwargs={"token": token})


def test_the_attendee_answers_the_follow_up_without_an_account(client, booking):
    url = impact_url(booking)

    form = client.get(url).content.decode()
    response = client.post(url, {"practice_change": "I refer earlier.", "may_quote": "on"})

    assert "for Sam Patel" in form
    assert "What have you done differently in your work since the course?" in form
    assert 'name="may_quote"' in form
    assert response.status_code == 302 and response["Location"] == url
    answer = ImpactResponse.objects.get()
    assert (answer.booking, answer.respondent) == (booking, Respondent.ATTENDEE)
    assert (answer.practice_change, answer.may_quote) == ("I refer earlier.", True)
    assert "Thank you for your answer" in client.get(url).content.decode()


def test_the_line_managers_form_says_it_is_for_them_and_names_the_attendee(client, booking):
    url = impact_url(booking, Respondent.LINE_MANAGER)

    form = client.get(url).content.decode()
    client.post(url, {"practice_change": "Better referrals."})

    assert "for Sam Patel’s line manager" in form
    assert "What has changed in Sam Patel’s practice since the course?" in form
    answer = ImpactResponse.objects.get()
    assert (answer.respondent, answer.may_quote) == (Respondent.LINE_MANAGER, False)


def test_an_empty_answer_is_named_and_nothing_is_saved(client, booking):
    response = client.post(impact_url(booking), {"practice_change": "  "})

    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Enter what has changed in practice since the course" in page
    assert not ImpactResponse.objects.exists()


def test_a_follow_up_already_answered_says_so_and_keeps_the_first_answer(client, booking):
    url = impact_url(booking)
    client.post(url, {"practice_change": "First"})

    response = client.post(url, {"practice_change": "Second"})

    assert "This follow-up has been answered" in response.content.decode()
    assert ImpactResponse.objects.get().practice_change == "First"


def test_an_altered_link_does_not_work(client, booking):
    token = link_token(booking, "impact", respondent="attendee")

    response = client.get(reverse("training:impact", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_a_link_for_another_purpose_does_not_work(client, booking):
    token = link_token(booking, "approve")

    page = client.get(reverse("training:impact", kwargs={"token": token})).content.decode()

    assert "This link does not work" in page


def test_an_old_link_has_expired(client, booking, monkeypatch):
    made = time.time() - (LINK_DAYS["impact"] + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: made)
    token = link_token(booking, "impact", respondent="attendee")
    monkeypatch.undo()

    response = client.post(
        reverse("training:impact", kwargs={"token": token}), {"practice_change": "Late"}
    )

    assert "This link has expired" in response.content.decode()
    assert not ImpactResponse.objects.exists()


def test_a_link_for_a_booking_not_attended_does_not_work(client, booking):
    booking.status = BookingStatus.DID_NOT_ATTEND
    booking.save()

    assert "This link does not work" in client.get(impact_url(booking)).content.decode()


def test_the_follow_up_page_offers_the_quick_exit(client, booking):
    assert "govuk-exit-this-page" in client.get(impact_url(booking)).content.decode()
