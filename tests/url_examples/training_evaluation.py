"""Example arguments for the evaluation pages: a session attended yesterday, not yet evaluated,
so the evaluation form and the certificate's "evaluate first" page are drawn; and a follow-up
link for an attendee three months on.

The evaluation and the certificate belong to the attendee alone, whatever their role: anyone
else signed in gets 404. The attendee here is the business unit member of the cast, because the
browser check opens a page open to every signed-in role as the business unit."""

from training.models import BookingStatus, Respondent
from training.services.emails import link_token

from ..training.factories import attended_booking

ATTENDEE = "business_unit"
OTHERS = ["scrutineer", "agency_lead_a", "agency_lead_b", "practitioner", "partner_lead"]


def _own(cast):
    booking = attended_booking(user=cast[ATTENDEE], attendee_name="Jo Business")
    return {"pk": booking.pk}


def _impact(cast):
    booking = attended_booking(days_ago=91, status=BookingStatus.ATTENDED)
    return {"token": link_token(booking, "impact", respondent=str(Respondent.ATTENDEE))}


EXAMPLES = {
    "training:evaluate": _own,
    "training:certificate": _own,
    "training:impact": _impact,
}
OUTCOMES = {
    "training:evaluate": dict.fromkeys(OTHERS, 404),
    "training:certificate": dict.fromkeys(OTHERS, 404),
}
