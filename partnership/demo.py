"""Demo data: a partnership shaped like the one in shared/seeds (its agencies and their kinds, the
job titles of its membership appendix, its subgroups and priority areas), set in a fictional
London borough, Thameside. Organisations are public bodies; no person here is real, and no
record is about a child. The records themselves are in partnership/demo_data.py; this module
loads them. Every row is keyed on a natural key, so loading twice changes nothing. Later issues
add their own records to `load()` in the same idempotent way."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .demo_data import (
    ACTIONS,
    AGENCIES,
    ATTENDANCE_EXCEPTIONS,
    BOARD,
    BOARD_MEETINGS,
    BODIES,
    CLOSING_ITEMS,
    DEMO_USER_PEOPLE,
    DEMO_USERS,
    DEPUTY_TITLES,
    FIRST_NAMES,
    LAST_NAMES,
    MEMBERSHIPS,
    PEOPLE,
    PERIOD,
    PRIORITIES,
    PUBLICATIONS,
    RETIRED_AGENCIES,
    STANDING_ITEMS,
)
from .demo_data_set import load_data_set
from .models import (
    Action,
    ActionNote,
    Agency,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    Membership,
    Person,
    Priority,
    PriorityUpdate,
    Publication,
    Role,
    User,
)
from .services.two_factor import APP_NAME, second_factor_required


def invented_name(i: int) -> tuple[str, str]:
    return FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(5 * i + 7) % len(LAST_NAMES)]


@transaction.atomic
def load(*, password: str) -> list[User]:
    agencies = _agencies()
    people = _people(agencies)
    users = _users(password, people)
    bodies = _bodies()
    _memberships(people, bodies)
    _board_meetings(people, bodies[BOARD])
    business = next(user for user in users if user.role == Role.BUSINESS_UNIT)
    priorities = _priorities(business)
    _actions(people, priorities, users, business)
    _publications(business)
    load_data_set()
    return users


def _agencies() -> dict[str, Agency]:
    Agency.objects.filter(name__in=RETIRED_AGENCIES).update(is_active=False)
    return {
        name: Agency.objects.update_or_create(
            name=name, defaults={"kind": kind, "is_active": True}
        )[0]
        for name, kind, _ in AGENCIES
    }


def _people(agencies: dict[str, Agency]) -> dict[str, Person]:
    domains = {name: domain for name, _, domain in AGENCIES}
    people = {}
    for i, (key, job_title, agency_name, active) in enumerate(PEOPLE):
        first, last = invented_name(i)
        people[key], _ = Person.objects.update_or_create(
            email=f"{first}.{last}@{domains[agency_name]}".lower(),
            defaults={
                "full_name": f"{first} {last}",
                "job_title": job_title,
                "agency": agencies[agency_name],
                "is_active": active,
            },
        )
    return people


def _users(password: str, people: dict[str, Person]) -> list[User]:
    users = []
    for username, first_name, last_name, role, agency_name, staff in DEMO_USERS:
        person_key = DEMO_USER_PEOPLE.get(username)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.{settings.PARTNERSHIP_EMAIL.rsplit('@', 1)[-1]}",
                "role": role,
                "agency": Agency.objects.get(name=agency_name) if agency_name else None,
                "person": people[person_key] if person_key else None,
                "email_verified": True,
                "is_active": True,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if second_factor_required(user):
            # One known key for every demo staff account (settings.DEMO_TOTP_KEY), printed by
            # load_demo, so a newcomer can pass the second factor. Never in production: the
            # command refuses to run there.
            TOTPDevice.objects.filter(user=user).exclude(key=settings.DEMO_TOTP_KEY).delete()
            TOTPDevice.objects.get_or_create(
                user=user,
                key=settings.DEMO_TOTP_KEY,
                defaults={"name": APP_NAME, "confirmed": True},
            )
        users.append(user)
    return users


def _bodies() -> dict[str, Body]:
    return {
        name: Body.objects.update_or_create(
            name=name, defaults={"kind": kind, "terms_of_reference": terms, "is_active": True}
        )[0]
        for name, kind, terms in BODIES
    }


def _memberships(people: dict[str, Person], bodies: dict[str, Body]) -> None:
    for key, body_name, role, started_on, ended_on in MEMBERSHIPS:
        Membership.objects.update_or_create(
            person=people[key],
            body=bodies[body_name],
            started_on=started_on,
            defaults={"role": role, "ended_on": ended_on},
        )


def board_members_on(day: date) -> list[str]:
    """The people expected at a board meeting on that day, in the order they are listed."""
    keys = [
        key
        for key, body, _, started, ended in MEMBERSHIPS
        if body == BOARD and started <= day and (ended is None or ended >= day)
    ]
    return list(dict.fromkeys(keys))


def _board_meetings(people: dict[str, Person], board: Body) -> None:
    latest = max(held_on for held_on, *_ in BOARD_MEETINGS)
    for number, (held_on, themed_items, minutes) in enumerate(BOARD_MEETINGS):
        items = STANDING_ITEMS + themed_items + CLOSING_ITEMS
        meeting, _ = Meeting.objects.update_or_create(
            body=board,
            held_on=held_on,
            defaults={
                "agenda": "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)),
                "minutes": minutes,
                # The latest minutes are a draft until the next meeting agrees them.
                "minutes_published": held_on != latest,
            },
        )
        for deputy_number, key in enumerate(board_members_on(held_on)):
            status = ATTENDANCE_EXCEPTIONS.get(key, {}).get(number, AttendanceStatus.PRESENT)
            deputy = ""
            if status == AttendanceStatus.DEPUTY:
                first, last = invented_name(100 + deputy_number)
                deputy = f"{first} {last}, {DEPUTY_TITLES[key]}"
            person = people[key]
            Attendance.objects.update_or_create(
                meeting=meeting,
                person=person,
                defaults={"agency": person.agency, "status": status, "deputy_name": deputy},
            )


def _priorities(author: User) -> dict[str, Priority]:
    start, end = PERIOD
    priorities = {}
    for position, (area, rationale, planned, impact, updates) in enumerate(PRIORITIES, start=1):
        priority, _ = Priority.objects.update_or_create(
            area=area,
            period_start=start,
            defaults={
                "period_end": end,
                "rationale": rationale,
                "planned_actions": planned,
                "impact_statement": impact,
                "position": position,
            },
        )
        for written_on, progress in updates:
            PriorityUpdate.objects.update_or_create(
                priority=priority,
                written_on=written_on,
                defaults={"progress": progress, "author": author},
            )
        priorities[area] = priority
    return priorities


def _actions(
    people: dict[str, Person], priorities: dict[str, Priority], users: list[User], business: User
) -> None:
    """Notes are written by the owner's account where the owner has one, else the business
    unit, which keeps the log for everyone else."""
    priority_type = ContentType.objects.get_for_model(Priority)
    authors = {user.person_id: user for user in users if user.person_id}
    for title, owner, due_on, status, completed_on, area, notes in ACTIONS:
        person = people[owner]
        action, _ = Action.objects.update_or_create(
            title=title,
            defaults={
                "owner_agency": person.agency,
                "owner_person": person,
                "due_on": due_on,
                "status": status,
                "completed_on": completed_on,
                "source_type": priority_type if area else None,
                "source_id": priorities[area].pk if area else None,
            },
        )
        for note_status, text in notes:
            ActionNote.objects.get_or_create(
                action=action,
                text=text,
                defaults={"status": note_status, "author": authors.get(person.pk, business)},
            )


def _publications(user: User) -> None:
    for slug, kind, title, versions in PUBLICATIONS:
        # Publishing always adds a version, so a publication already loaded is left alone.
        if Publication.objects.filter(slug=slug).exists():
            continue
        publication = Publication(kind=kind, slug=slug)
        for published_at, summary, body in versions:
            services.publication_save(
                publication=publication, title=title, summary=summary, body=body
            )
            services.publication_publish(
                publication=publication, user=user, published_at=published_at
            )
            # The service publishes through a locked copy; reload so the next save keeps it.
            publication.refresh_from_db()
