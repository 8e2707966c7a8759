"""evaluation_submit, certificate_pdf and impact_submit: an evaluation once, only for a course
attended; the certificate only after it; one impact answer from the attendee and one from their
line manager."""

import datetime
import io

import pikepdf
import pytest
from django.utils import timezone
from pypdf import PdfReader

from training.models import Booking, BookingStatus, Evaluation, ImpactResponse, Level, Respondent
from training.services.evaluation import (
    EvaluationError,
    certificate_pdf,
    duration_text,
    evaluation_submit,
    impact_submit,
)

from .factories import BookingFactory, CourseFactory, SessionFactory, attended_booking

pytestmark = pytest.mark.django_db


def evaluate(booking, **answers):
    return evaluation_submit(
        booking=booking,
        **{"objectives_met": True, "equipped": True, "would_recommend": False, **answers},
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# Evaluation


def test_an_attendee_evaluates_a_course_they_attended():
    booking = attended_booking()

    evaluation = evaluate(booking, comments="  Clear and practical.  ")

    stored = Evaluation.objects.get()
    assert stored == evaluation
    assert stored.booking == booking
    assert (stored.objectives_met, stored.equipped, stored.would_recommend) == (True, True, False)
    assert stored.comments == "Clear and practical."


@pytest.mark.parametrize(
    "status",
    [
        BookingStatus.CONFIRMED,
        BookingStatus.DID_NOT_ATTEND,
        BookingStatus.CANCELLED,
        BookingStatus.WAITING,
    ],
)
def test_only_a_course_attended_can_be_evaluated(status):
    booking = attended_booking()
    booking.status = status
    booking.save()

    with pytest.raises(EvaluationError) as refused:
        evaluate(booking)

    assert refused.value.messages == [
        "You can evaluate a course only once your attendance has been recorded"
    ]
    assert not Evaluation.objects.exists()


def test_a_course_is_evaluated_once():
    booking = attended_booking()
    evaluate(booking, would_recommend=True)

    with pytest.raises(EvaluationError) as refused:
        evaluate(booking, would_recommend=False)

    assert refused.value.messages == ["You have already evaluated this course"]
    assert Evaluation.objects.get().would_recommend is True


def test_the_status_is_read_afresh_not_from_the_callers_copy():
    # A page loaded before the register was corrected must not evaluate a no-show.
    booking = attended_booking()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.DID_NOT_ATTEND)

    with pytest.raises(EvaluationError):
        evaluate(booking)


# Certificate


@pytest.fixture
def evaluated():
    course = CourseFactory(
        title="Recognising and responding to neglect",
        level=Level.ADVANCED,
        learning_objectives="Use the neglect toolkit\n\n  Know when to refer  \n",
    )
    starts = timezone.make_aware(datetime.datetime(2025, 11, 18, 9, 30))
    session = SessionFactory(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2, minutes=30)
    )
    booking = BookingFactory(
        session=session, attendee_name="Siobhan O’Neil", status=BookingStatus.ATTENDED
    )
    evaluate(booking)
    return booking


def test_the_certificate_names_the_attendee_the_course_and_the_partnership(evaluated, settings):
    settings.PARTNERSHIP_NAME = "Riverside Safeguarding Children Partnership"

    content = certificate_pdf(evaluated)

    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for expected in [
        "Riverside Safeguarding Children Partnership",
        "Certificate of attendance",
        "Siobhan O’Neil",
        "Recognising and responding to neglect",
        "Level 3: advanced practice",
        "18 November 2025",
        "2 hours 30 minutes",
        "Use the neglect toolkit",
        "Know when to refer",
    ]:
        assert expected in text, expected


def test_the_certificate_is_a_tagged_pdf_a_screen_reader_can_read(evaluated):
    with pikepdf.open(io.BytesIO(certificate_pdf(evaluated))) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"


def test_there_is_no_certificate_before_the_evaluation():
    booking = attended_booking()

    with pytest.raises(EvaluationError) as refused:
        certificate_pdf(booking)

    assert refused.value.messages == [
        "Complete the evaluation of the course to get your certificate"
    ]


def test_there_is_no_certificate_for_a_booking_no_longer_marked_attended(evaluated):
    evaluated.status = BookingStatus.DID_NOT_ATTEND
    evaluated.save()

    with pytest.raises(EvaluationError):
        certificate_pdf(evaluated)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(180, "3 hours"), (60, "1 hour"), (90, "1 hour 30 minutes"), (45, "45 minutes"),
     (61, "1 hour 1 minute")],
)  # fmt: skip
def test_the_duration_reads_in_hours_and_minutes(minutes, text):
    start = timezone.now()

    assert duration_text(start, start + datetime.timedelta(minutes=minutes)) == text


# Impact follow-up


def test_the_attendee_and_the_line_manager_each_answer_once():
    booking = attended_booking(days_ago=91)

    impact_submit(
        booking=booking,
        respondent=Respondent.ATTENDEE,
        practice_change="  I use the toolkit at every first visit.  ",
        may_quote=True,
    )
    impact_submit(
        booking=booking,
        respondent=Respondent.LINE_MANAGER,
        practice_change="Referrals from her are better evidenced.",
        may_quote=False,
    )

    assert list(
        ImpactResponse.objects.order_by("pk").values_list(
            "respondent", "practice_change", "may_quote"
        )
    ) == [
        ("attendee", "I use the toolkit at every first visit.", True),
        ("line_manager", "Referrals from her are better evidenced.", False),
    ]


def test_a_second_answer_from_the_same_respondent_is_refused():
    booking = attended_booking(days_ago=91)
    impact_submit(
        booking=booking, respondent=Respondent.ATTENDEE, practice_change="First", may_quote=False
    )

    with pytest.raises(EvaluationError) as refused:
        impact_submit(
            booking=booking, respondent=Respondent.ATTENDEE, practice_change="Again", may_quote=True
        )

    assert refused.value.messages == ["This follow-up has already been answered"]
    assert ImpactResponse.objects.get().practice_change == "First"


@pytest.mark.parametrize(
    ("respondent", "practice_change", "message", "status"),
    [
        (Respondent.ATTENDEE, "   ", "Enter what has changed in practice since the course",
         BookingStatus.ATTENDED),
        ("colleague", "Something", "This link is not for an attendee or a line manager",
         BookingStatus.ATTENDED),
        (Respondent.ATTENDEE, "Something",
         "This course was not attended: there is no impact to report",
         BookingStatus.DID_NOT_ATTEND),
    ],
)  # fmt: skip
def test_an_impact_answer_the_rules_refuse_changes_nothing(
    respondent, practice_change, message, status
):
    booking = attended_booking(days_ago=91)
    booking.status = status
    booking.save()

    with pytest.raises(EvaluationError) as refused:
        impact_submit(
            booking=booking, respondent=respondent, practice_change=practice_change, may_quote=True
        )

    assert refused.value.messages == [message]
    assert not ImpactResponse.objects.exists()
