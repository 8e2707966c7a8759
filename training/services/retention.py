"""Training's retention rule: the bookings of people who left, anonymised so that the
programme's figures (and the yearly report's, which reads them) stay as they were.

Found by partnership.services.retention, which runs it with the partnership's own rules.
"""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat, Lower

from partnership.models import User
from partnership.services.retention import (
    RetentionAction,
    RetentionRule,
    retention_rule_register,
    start_of,
)

from ..models import Booking, Charge, Evaluation, ImpactResponse, SentEmail

# Addresses under .invalid can never be delivered to (RFC 2606), so an anonymised booking
# can match no one's account or email. Each gets its own, because a session takes one active
# booking per address (one_active_booking_per_person_per_session).
ANONYMISED_DOMAIN = "@retention.invalid"
ANONYMISED_NAME = "Anonymised attendee"
# A waived charge must say why (training_waiver_has_reason); the reason may name the person.
WAIVER_REASON_REMOVED = "Reason removed under the retention schedule"


def _due(since):
    """Every booking of each attendee whose last sign of being around is before `since`.

    Bookings carry the attendee's details, not always an account, so the attendee is their
    email address (any case) and, when linked, their account. They have left when no booking
    under either is for a session from `since` on (a future one included), and no account of
    theirs was made or signed in to since then. Closing an account records no date, so it
    does not start the clock; the last activity does. An account anonymised for disuse keeps
    its last sign-in, so the bookings linked to it still count it."""
    moment = start_of(since)
    recent = Booking.objects.filter(session__starts_at__gte=moment)
    seen = User.objects.filter(Q(last_login__gte=moment) | Q(date_joined__gte=moment))
    return (
        Booking.objects.annotate(attendee=Lower("attendee_email"))
        .exclude(attendee_email__endswith=ANONYMISED_DOMAIN)
        .exclude(attendee__in=recent.annotate(attendee=Lower("attendee_email")).values("attendee"))
        .exclude(attendee__in=seen.exclude(email="").annotate(attendee=Lower("email")).values("attendee"))
        .exclude(user__in=recent.filter(user__isnull=False).values("user"))
        .exclude(user__in=seen.values("pk"))
    )  # fmt: skip


def _anonymise(due) -> int:
    """Remove whatever names the attendee: their name, job title, both email addresses, the
    accounts that booked, cancelled or marked them, what they wrote in an evaluation or
    follow-up, the emails sent to them and a waiver's reason. Kept for the figures: the
    session (so the course and dates), the agency, the status (attendance), the price and
    the timestamps. Charges keep their amounts: they are the agency's, not the person's."""
    count = Booking.objects.filter(pk__in=due.values("pk")).update(
        attendee_name=ANONYMISED_NAME,
        attendee_email=Concat(
            Value("anonymised-"), Cast("pk", CharField()), Value(ANONYMISED_DOMAIN)
        ),
        job_title="",
        line_manager_email=Value("line-manager" + ANONYMISED_DOMAIN),
        user=None,
        booked_by=None,
        cancelled_by=None,
        attendance_marked_by=None,
    )
    # Keyed on the mark rather than this run's rows, so the dependants of every anonymised
    # booking are cleared, and the filters leave those already cleared alone.
    anonymised = Booking.objects.filter(attendee_email__endswith=ANONYMISED_DOMAIN)
    # The outbox rows hold addresses and links. Deleting them cannot send anything again:
    # every scheduled email looks only at sessions weeks old at most (training.services.schedule).
    SentEmail.objects.filter(booking__in=anonymised).delete()
    Evaluation.objects.filter(booking__in=anonymised).exclude(comments="").update(comments="")
    ImpactResponse.objects.filter(booking__in=anonymised).exclude(practice_change="").update(
        practice_change="", may_quote=False
    )
    Charge.objects.filter(booking__in=anonymised, waived_at__isnull=False).exclude(
        waiver_reason=WAIVER_REASON_REMOVED
    ).update(waiver_reason=WAIVER_REASON_REMOVED, waived_by=None)
    return count


retention_rule_register(
    RetentionRule(
        kind="training_bookings",
        label="training bookings of people who left",
        setting="training_bookings",
        action=RetentionAction.ANONYMISE,
        due=_due,
        dated_by="session__starts_at",
        counted_from="attendee's last session or sign-in",
        explanation="Counted from the attendee's last booked session or sign-in. Their name, "
        "job title, email addresses and what they wrote are removed, with the emails sent "
        "to them; the course, dates, agency and attendance stay for the programme's "
        "figures, and charges keep their amounts.",
        anonymise=_anonymise,
    )
)
