"""Example arguments for the training statistics page: a session in each of the last two
academic years with attended, missed and evaluated bookings and a quotable impact response, so
every table of the page is drawn for the access and browser checks."""

import datetime

from django.utils import timezone

from partnership.models import AgencyKind
from training.models import BookingStatus, Evaluation, ImpactResponse, Respondent
from training.services.statistics import academic_year_of

from ..factories import AgencyFactory
from ..training.factories import BookingFactory, CourseFactory, SessionFactory


def _programme(cast):
    this_year = academic_year_of(timezone.localdate())
    agency = AgencyFactory(name="Thameside Community Action", kind=AgencyKind.VOLUNTARY)
    for year, title in [
        (this_year, "Working with fathers and men in the household"),
        (this_year.previous, "Recognising and responding to neglect"),
    ]:
        starts = timezone.make_aware(
            datetime.datetime.combine(year.start + datetime.timedelta(days=20), datetime.time(10))
        )
        session = SessionFactory(
            course=CourseFactory(title=title),
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
        )
        attended = BookingFactory(session=session, status=BookingStatus.ATTENDED, agency=agency)
        BookingFactory(session=session, status=BookingStatus.DID_NOT_ATTEND, left_early=True)
        Evaluation.objects.create(
            booking=attended, objectives_met=True, equipped=True, would_recommend=False
        )
        ImpactResponse.objects.create(
            booking=attended,
            respondent=Respondent.ATTENDEE,
            practice_change="I now ask about every adult in the household at the first visit.",
            may_quote=True,
        )
    return {}


EXAMPLES = {"training_staff:statistics": _programme}
