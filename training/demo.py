"""The demo training programme for load_demo: every academic year from 2021-22 to the current
one, shaped like the seed documents' programme (about sixty sessions a year, bookings rising
from 856 in 2021-22 to 980 in 2022-23, some non-attendance, evaluations that come out at 95%,
94% and 93% in 2022-23). The statistics page and the yearly report count those figures from
these records; nothing here types them in.

Sessions before today took place, with a marked register, charges, evaluations and a few
impact follow-ups; the current year's later sessions are open for booking. The demo
practitioner has a place to come, a waiting-list place and an attended course to evaluate.

Records are made with bulk_create for speed, then `bookings.places_recount` sets each
session's counter from its bookings. Safe to run again: if any course exists, the programme is
left as it is. Random choices come from a generator seeded per year, so two loads on the same
day make the same programme.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.demo_data import AGENCIES
from partnership.models import Agency, User

from . import demo_data
from .models import (
    Booking,
    BookingStatus,
    Charge,
    ChargeKind,
    Course,
    Evaluation,
    ImpactResponse,
    PlacePrice,
    Session,
    SessionStatus,
)
from .services.bookings import places_recount
from .services.charges import last_free_cancellation_day
from .services.statistics import academic_year, academic_year_of, year_statistics

LONDON = ZoneInfo("Europe/London")
DAY = datetime.timedelta(days=1)
# A quarter of evaluations come in the day after the session, the rest within a fortnight;
# impact follow-ups about three months on.
EVALUATED_AFTER = datetime.timedelta(days=3)
IMPACT_AFTER = datetime.timedelta(days=100)


def _rng(name: str) -> random.Random:
    # Seeded so the demo is the same every time; nothing here is a secret.
    return random.Random(name)  # noqa: S311


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    job_title: str
    agency: Agency
    line_manager_email: str


@dataclass
class Planned:
    """A session with the bookings planned for it, before anything is saved."""

    session: Session
    is_past: bool
    bookings: list[Booking] = field(default_factory=list)
    holders: int = 0


def _people(agencies: dict[str, Agency], rng: random.Random) -> list[Person]:
    """Everyone who books, numbered not named; each agency's share of the pool is its
    weight, so sampling the pool evenly samples agencies by weight."""
    domains = {name: domain for name, _, domain in AGENCIES}
    people, number = [], 0
    for name, weight in demo_data.AGENCY_WEIGHTS.items():
        agency = agencies.get(name)
        if agency is None:
            continue
        titles = demo_data.JOB_TITLES[agency.kind]
        for _ in range(int(weight * demo_data.PEOPLE_PER_WEIGHT)):
            number += 1
            people.append(
                Person(
                    name=f"Attendee {number:04d}",
                    email=f"attendee{number:04d}@{domains[name]}",
                    job_title=rng.choice(titles),
                    agency=agency,
                    line_manager_email=f"manager{number % 25 + 1:02d}@{domains[name]}",
                )
            )
    return people


def _courses() -> list[tuple[Course, tuple]]:
    made = []
    for row in demo_data.COURSES:
        title, series, level, _, _, approval, _, _, provider, summary, objectives = row
        made.append(
            (
                Course(
                    title=title,
                    summary=summary,
                    learning_objectives=objectives,
                    level=level,
                    series=series,
                    provider=demo_data.PROVIDERS[provider][0],
                    needs_manager_approval=approval,
                ),
                row,
            )
        )
    Course.objects.bulk_create([course for course, _ in made])
    return made


def _teaching_days(start_year: int) -> list[datetime.date]:
    """Tuesdays to Thursdays from the second week of September to mid-July, leaving out the
    Christmas and Easter breaks."""
    day, last, days = datetime.date(start_year, 9, 8), datetime.date(start_year + 1, 7, 17), []
    while day <= last:
        christmas = (day.month == 12 and day.day >= 18) or (day.month == 1 and day.day <= 5)
        easter = (day.month == 3 and day.day >= 30) or (day.month == 4 and day.day <= 13)
        if day.weekday() in (1, 2, 3) and not christmas and not easter:
            days.append(day)
        day += DAY
    return days


def _times(day: datetime.date, minutes: int, rng: random.Random):
    if minutes >= 360:
        # A full day, with lunch.
        start, length = datetime.time(9, 30), datetime.timedelta(hours=6, minutes=30)
    else:
        start = rng.choice([datetime.time(9, 30), datetime.time(13, 30)])
        length = datetime.timedelta(minutes=minutes)
    starts = datetime.datetime.combine(day, start, tzinfo=LONDON)
    return starts, starts + length


class Programme:
    def __init__(self, *, now: datetime.datetime, people: list[Person], business: User | None):
        self.now = now
        self.people = people
        self.business = business
        self.by_agency: dict[int, list[Person]] = {}
        for person in people:
            self.by_agency.setdefault(person.agency.pk, []).append(person)
        self.planned: list[Planned] = []
        self.substituted: list[Booking] = []
        self.charges: list[Charge] = []
        self.evaluations: list[Evaluation] = []
        self.impact: list[ImpactResponse] = []
        self.free_days: dict[datetime.date, datetime.date] = {}

    # Sessions

    def sessions(self, start_year: int, courses: list[tuple[Course, tuple]], count: int):
        rng = _rng(f"thameside-sessions-{start_year}")
        running = [
            (course, row)
            for course, row in courses
            if (row[6] or demo_data.FIRST_YEAR) <= start_year <= (row[7] or 9999)
        ]
        total = count + demo_data.CANCELLED_SESSIONS
        runs = rng.sample(running, min(total, len(running)))
        popular = [item for item in running if item[1][2] <= 2]
        while len(runs) < total:
            runs.append(rng.choice(popular))
        rng.shuffle(runs)
        days = _teaching_days(start_year)
        step = len(days) / total
        cancelled = set(rng.sample(range(total), demo_data.CANCELLED_SESSIONS))
        made = []
        for n, (course, row) in enumerate(runs):
            _, _, _, minutes, online, approval, *_ = row
            trainer = demo_data.PROVIDERS[row[8]][1]
            starts, ends = _times(days[int(n * step)], minutes, rng)
            if online:
                capacity = rng.choice([30, 40, 50])
            else:
                capacity = 20 if approval else rng.choice([20, 24, 25, 30])
            session = Session(
                course=course,
                starts_at=starts,
                ends_at=ends,
                venue="" if online else rng.choice(demo_data.VENUES),
                online_url=f"https://meet.thameside.example/training/{start_year}-{n + 1:03d}"
                if online
                else "",
                capacity=capacity,
                trainer=trainer,
                status=SessionStatus.CANCELLED if n in cancelled else SessionStatus.SCHEDULED,
            )
            made.append(Planned(session=session, is_past=ends <= self.now))
        self.planned += made
        return made

    # Bookings

    def book_year(self, start_year: int, planned: list[Planned], target: int | None) -> None:
        """Spread `target` bookings over the year's sessions by size and popularity; with no
        target (the current year) fill each session by how soon it is."""
        rng = _rng(f"thameside-bookings-{start_year}")
        if target is None:
            counts = [self._current_fill(item, rng) for item in planned]
            future = [
                n
                for n, item in enumerate(planned)
                if not item.is_past and item.session.status == SessionStatus.SCHEDULED
            ]
            # The two soonest sessions to come are full, with people waiting.
            for n in future[:2]:
                counts[n] = planned[n].session.capacity + rng.randint(3, 6)
        else:
            weights = [
                item.session.capacity
                * rng.uniform(0.55, 1.05)
                * (0.3 if item.session.status == SessionStatus.CANCELLED else 1)
                for item in planned
            ]
            total = sum(weights)
            shares = [target * weight / total for weight in weights]
            counts = [int(share) for share in shares]
            by_remainder = sorted(
                range(len(planned)), key=lambda n: shares[n] - counts[n], reverse=True
            )
            for n in by_remainder[: target - sum(counts)]:
                counts[n] += 1
        for item, count in zip(planned, counts, strict=True):
            self._book_session(item, count, rng)

    def _current_fill(self, item: Planned, rng: random.Random) -> int:
        capacity = item.session.capacity
        if item.is_past:
            return round(capacity * rng.uniform(0.6, 0.95))
        days_ahead = (item.session.starts_at - self.now).days
        fill = max(0.15, 0.9 - days_ahead / 200) * rng.uniform(0.8, 1.05)
        return min(round(capacity * fill), capacity - 1)

    def _queued(self, session: Session, rng: random.Random) -> datetime.datetime:
        """When someone asked for a place: up to eleven weeks ahead, and never after now."""
        latest = min(session.starts_at - 3 * DAY, self.now - datetime.timedelta(hours=1))
        earliest = min(session.starts_at - 75 * DAY, latest - 30 * DAY)
        return earliest + (latest - earliest) * rng.random()

    def _book_session(self, item: Planned, count: int, rng: random.Random) -> None:
        session = item.session
        people = rng.sample(self.people, count)
        queued = sorted(self._queued(session, rng) for _ in people)
        if session.status == SessionStatus.CANCELLED:
            called_off = min(session.starts_at - datetime.timedelta(days=5), self.now)
            for person, at in zip(people, queued, strict=True):
                at = min(at, called_off - datetime.timedelta(hours=1))
                item.bookings.append(
                    self._booking(
                        session, person, at, BookingStatus.CANCELLED, cancelled=called_off
                    )
                )
            return
        cancels = round(count * rng.uniform(0.04, 0.10))
        if count > session.capacity:
            # A session meant to be full stays full whoever cancels.
            cancels = min(cancels, count - session.capacity - 1)
        cancelling = set(rng.sample(range(count), cancels))
        in_place = []
        for n, (person, at) in enumerate(zip(people, queued, strict=True)):
            if n in cancelling:
                item.bookings.append(self._cancelled(session, person, at, rng))
            elif len(in_place) < session.capacity:
                in_place.append(self._booking(session, person, at, BookingStatus.CONFIRMED))
            else:
                item.bookings.append(self._booking(session, person, at, BookingStatus.WAITING))
        item.holders = len(in_place)
        if item.is_past:
            missing = set(
                rng.sample(range(len(in_place)), round(len(in_place) * rng.uniform(0.06, 0.15)))
            )
            for n, booking in enumerate(in_place):
                self._mark(booking, n in missing, rng)
        else:
            for booking in in_place:
                self._awaiting_or_confirmed(booking, rng)
        for booking in in_place:
            if rng.random() < 0.03:
                self._substitute(booking, {p.email for p in people}, rng)
        item.bookings += in_place

    def _booking(self, session, person: Person, at, status, *, cancelled=None) -> Booking:
        return Booking(
            session=session,
            attendee_name=person.name,
            attendee_email=person.email,
            job_title=person.job_title,
            agency=person.agency,
            line_manager_email=person.line_manager_email,
            status=status,
            queued_at=at,
            confirmed_at=at if status == BookingStatus.CONFIRMED else None,
            cancelled_at=cancelled,
            price=demo_data.PLACE_PRICES.get(person.agency.kind, Decimal("0.00")),
        )

    def _cancelled(self, session: Session, person: Person, at, rng: random.Random) -> Booking:
        """A booking its attendee cancelled; about a third of them late, which is charged."""
        latest = min(session.starts_at - datetime.timedelta(hours=12), self.now)
        if rng.random() < 0.3:
            when = session.starts_at - datetime.timedelta(days=rng.uniform(0.5, 4))
        else:
            when = at + (session.starts_at - at) * rng.uniform(0.1, 0.7)
        when = max(min(when, latest), at)
        booking = self._booking(session, person, at, BookingStatus.CANCELLED, cancelled=when)
        booking.confirmed_at = at
        day = timezone.localdate(when)
        if day > self._last_free_day(session):
            self.charges.append(
                Charge(
                    booking=booking,
                    agency=person.agency,
                    kind=ChargeKind.LATE_CANCELLATION,
                    amount=settings.TRAINING_LATE_CHARGE,
                    raised_on=day,
                )
            )
        return booking

    def _last_free_day(self, session: Session) -> datetime.date:
        day = timezone.localdate(session.starts_at)
        if day not in self.free_days:
            self.free_days[day] = last_free_cancellation_day(session)
        return self.free_days[day]

    def _mark(self, booking: Booking, missing: bool, rng: random.Random) -> None:
        session = booking.session
        booking.attendance_marked_at = session.ends_at + datetime.timedelta(minutes=30)
        booking.attendance_marked_by = self.business
        day = timezone.localdate(session.starts_at)
        if missing:
            booking.status = BookingStatus.DID_NOT_ATTEND
            booking.left_early = rng.random() < 0.15
            waived = rng.random() < 0.12
            self.charges.append(
                Charge(
                    booking=booking,
                    agency=booking.agency,
                    kind=ChargeKind.NON_ATTENDANCE,
                    amount=settings.TRAINING_LATE_CHARGE,
                    raised_on=day,
                    waived_at=session.ends_at + datetime.timedelta(days=14) if waived else None,
                    waived_by=self.business if waived else None,
                    waiver_reason=rng.choice(demo_data.WAIVER_REASONS) if waived else "",
                )
            )
        else:
            booking.status = BookingStatus.ATTENDED
            if booking.price:
                self.charges.append(
                    Charge(
                        booking=booking,
                        agency=booking.agency,
                        kind=ChargeKind.PLACE,
                        amount=booking.price,
                        raised_on=day,
                    )
                )

    def _awaiting_or_confirmed(self, booking: Booking, rng: random.Random) -> None:
        if not booking.session.course.needs_manager_approval:
            return
        if self.now - booking.queued_at < datetime.timedelta(days=2):
            booking.status = BookingStatus.AWAITING_APPROVAL
            booking.confirmed_at = None
            booking.approval_requested_at = booking.queued_at
        else:
            booking.approval_requested_at = booking.queued_at
            booking.approved_at = booking.confirmed_at = booking.queued_at + datetime.timedelta(
                hours=rng.randint(2, 40)
            )

    def _substitute(self, booking: Booking, taken: set[str], rng: random.Random) -> None:
        """The place was first booked by a colleague from the same agency, who handed it on."""
        colleagues = [
            person
            for person in self.by_agency[booking.agency.pk]
            if person.email not in taken and person.email != booking.attendee_email
        ]
        if not colleagues:
            return
        first = rng.choice(colleagues)
        taken.add(first.email)
        handed_on = booking.queued_at + (booking.session.starts_at - booking.queued_at) / 2
        handed_on = min(handed_on, self.now)
        original = self._booking(
            booking.session,
            first,
            booking.queued_at,
            BookingStatus.SUBSTITUTED,
            cancelled=handed_on,
        )
        original.confirmed_at = booking.queued_at
        self.substituted.append(original)
        booking.replaces = original

    # Evaluations and impact

    def evaluate_year(self, start_year: int, planned: list[Planned], shares) -> None:
        """Evaluations from about seven in ten attendees, the three answers holding exactly
        the year's shares (rounded down, so the printed percentage is the share)."""
        rng = _rng(f"thameside-evaluations-{start_year}")
        attended = [
            booking
            for item in planned
            if item.is_past and self.now - item.session.ends_at > datetime.timedelta(days=7)
            for booking in item.bookings
            # The demo practitioner's course waits for their own evaluation.
            if booking.status == BookingStatus.ATTENDED and booking.user is None
        ]
        chosen = rng.sample(attended, int(len(attended) * rng.uniform(0.68, 0.76)))
        used: dict[str, int] = {}
        total = len(chosen)
        answers = []
        for share in shares:
            yes = total * share // 100
            column = [True] * yes + [False] * (total - yes)
            rng.shuffle(column)
            answers.append(column)
        for n, booking in enumerate(chosen):
            self.evaluations.append(
                Evaluation(
                    booking=booking,
                    objectives_met=answers[0][n],
                    equipped=answers[1][n],
                    would_recommend=answers[2][n],
                    comments=rng.choice(demo_data.EVALUATION_COMMENTS)
                    if rng.random() < 0.15
                    else "",
                )
            )
            if self.now - booking.session.ends_at < IMPACT_AFTER:
                continue
            for respondent, chance in (("attendee", 0.03), ("line_manager", 0.015)):
                if rng.random() < chance:
                    self.impact.append(
                        ImpactResponse(
                            booking=booking,
                            respondent=respondent,
                            practice_change=self._said(booking, respondent, used, rng),
                            may_quote=rng.random() < 0.75,
                        )
                    )

    def _said(self, booking: Booking, respondent: str, used: dict, rng: random.Random) -> str:
        """Something that fits the course (said of its topic, or of any course), the least
        used so far this year and the topic's own first, so a year's quotes vary."""
        title = booking.session.course.title.lower()
        fitting = [
            (about is None, text) for who, about, text in demo_data.IMPACT
            if who == respondent and (about is None or about in title)
        ]  # fmt: skip
        _, text = min(fitting, key=lambda item: (used.get(item[1], 0), item[0], rng.random()))
        used[text] = used.get(text, 0) + 1
        return text

    # The demo practitioner

    def practitioner(self, user: User, current: list[Planned]) -> None:
        """An attended course waiting for its evaluation, a place to come and a waiting-list
        place, all in the current year."""
        details = demo_data.PRACTITIONER
        person = Person(
            name=user.get_full_name() or user.username,
            email=user.email,
            job_title=details["job_title"],
            agency=user.agency,
            line_manager_email=details["line_manager_email"],
        )
        scheduled = [item for item in current if item.session.status == SessionStatus.SCHEDULED]
        past = [item for item in scheduled if item.is_past and item.holders < item.session.capacity]
        open_ = [
            item for item in scheduled if not item.is_past and item.holders < item.session.capacity
        ]
        full = [
            item for item in scheduled if not item.is_past and item.holders >= item.session.capacity
        ]
        if past:
            item = past[-1]
            booking = self._booking(
                item.session, person, item.session.starts_at - 20 * DAY, BookingStatus.CONFIRMED
            )
            booking.status = BookingStatus.ATTENDED
            booking.attendance_marked_at = item.session.ends_at + datetime.timedelta(minutes=30)
            booking.attendance_marked_by = self.business
            self._add(item, booking, user)
        if open_:
            item = next((i for i in open_ if not i.session.course.needs_manager_approval), open_[0])
            at = self.now - 6 * DAY
            booking = self._booking(item.session, person, at, BookingStatus.CONFIRMED)
            if item.session.course.needs_manager_approval:
                booking.approval_requested_at = at
                booking.approved_at = booking.confirmed_at = at + DAY
            self._add(item, booking, user)
        if full:
            item = full[0]
            self._add(
                item,
                self._booking(item.session, person, self.now - DAY, BookingStatus.WAITING),
                user,
            )

    def _add(self, item: Planned, booking: Booking, user: User) -> None:
        booking.user = user
        booking.booked_by = user
        item.bookings.append(booking)
        if booking.holds_a_place:
            item.holders += 1

    # Saving

    def save(self) -> None:
        Session.objects.bulk_create([item.session for item in self.planned], batch_size=500)
        Booking.objects.bulk_create(self.substituted, batch_size=500)
        Booking.objects.bulk_create(
            [booking for item in self.planned for booking in item.bookings], batch_size=500
        )
        Charge.objects.bulk_create(self.charges, batch_size=500)
        Evaluation.objects.bulk_create(self.evaluations, batch_size=500)
        ImpactResponse.objects.bulk_create(self.impact, batch_size=500)
        _backdate()
        places_recount(Session.objects.all())


def _after_session(booking_path: str, after: datetime.timedelta):
    ends = Session.objects.filter(bookings=OuterRef(booking_path)).values("ends_at")[:1]
    return ExpressionWrapper(Subquery(ends) + after, output_field=DateTimeField())


def _backdate() -> None:
    """Creation times are set by the database on insert (auto_now_add); the demo's history
    needs them in the past: a booking when it was made, an evaluation soon after its session,
    an impact response three months on, a charge when it was raised."""
    Booking.objects.update(booked_at=F("queued_at"))
    Evaluation.objects.update(submitted_at=_after_session("booking", EVALUATED_AFTER))
    ImpactResponse.objects.update(submitted_at=_after_session("booking", IMPACT_AFTER))
    cancelled = Booking.objects.filter(pk=OuterRef("booking")).values("cancelled_at")[:1]
    Charge.objects.update(
        created_at=Coalesce(
            Subquery(cancelled), _after_session("booking", datetime.timedelta(hours=1))
        )
    )


def _prices() -> None:
    for kind, amount in demo_data.PLACE_PRICES.items():
        PlacePrice.objects.get_or_create(agency_kind=kind, defaults={"amount": amount})


def _summary() -> str:
    courses, sessions = Course.objects.count(), Session.objects.count()
    if not sessions:
        return f"Training: {courses} courses, no sessions."
    seed = year_statistics(academic_year(2022))
    return (
        f"Training: {courses} courses and {sessions} sessions; 2022-23 had "
        f"{seed.sessions_delivered} sessions delivered, {seed.bookings} bookings against "
        f"{seed.bookings_before} the year before, and evaluations of {seed.objectives_met}% "
        f"objectives met, {seed.equipped}% equipped, {seed.would_recommend}% would recommend."
    )


@transaction.atomic
def load(*, now: datetime.datetime | None = None) -> str:
    _prices()
    if Course.objects.exists():
        return _summary()
    now = now or timezone.now()
    agencies = {
        agency.name: agency for agency in Agency.objects.filter(name__in=demo_data.AGENCY_WEIGHTS)
    }
    if not agencies:
        return _summary()
    people = _people(agencies, _rng("thameside-people"))
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=["business", demo_data.PRACTITIONER["username"]]
        )
    }
    programme = Programme(now=now, people=people, business=users.get("business"))
    courses = _courses()
    # Through the academic year that starts within two months, so a demo loaded in the
    # summer still has sessions to book.
    last = academic_year_of(timezone.localdate(now) + datetime.timedelta(days=60)).start_year
    current = academic_year_of(timezone.localdate(now)).start_year
    for start_year in range(demo_data.FIRST_YEAR, last + 1):
        plan = demo_data.YEARS.get(start_year, demo_data.DEFAULT_YEAR)
        planned = programme.sessions(start_year, courses, plan["sessions"])
        programme.book_year(
            start_year, planned, None if start_year >= current else plan["bookings"]
        )
        practitioner = users.get(demo_data.PRACTITIONER["username"])
        if start_year == current and practitioner and practitioner.agency:
            programme.practitioner(practitioner, planned)
        programme.evaluate_year(start_year, planned, plan["shares"])
    programme.save()
    return _summary()
