from datetime import date
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from partnership import demo, services
from partnership.models import (
    Action,
    ActionNote,
    ActionStatus,
    Agency,
    AgencyKind,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    Membership,
    MembershipRole,
    Person,
    Priority,
    PriorityUpdate,
    Publication,
    PublicationKind,
    PublicationVersion,
    Role,
    User,
)

SEEDS = Path("/work/shared/seeds")
YEAR = (date(2025, 4, 1), date(2026, 3, 31))
# The day the demo's action dates were chosen against.
ANCHOR = date(2026, 11, 22)
MODELS = [
    Agency,
    Person,
    User,
    Body,
    Membership,
    Meeting,
    Attendance,
    Priority,
    PriorityUpdate,
    Action,
    ActionNote,
    Publication,
    PublicationVersion,
]


@pytest.fixture
def loaded(db):
    return demo.load(password="demo-password")


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_loads_one_user_per_role_and_is_safe_to_run_twice(db, settings, capsys):
    call_command("load_demo")
    call_command("load_demo")

    users = {user.username: user for user in User.objects.select_related("agency")}
    assert set(users) == {
        "business", "scrutineer", "agency", "practitioner", "partner", "partner-police",
        "partner-icb",
    }  # fmt: skip
    assert {user.role for user in users.values()} == set(Role)
    assert users["agency"].agency.kind in {"police", "health"}
    assert all(user.check_password(settings.DEMO_PASSWORD) for user in users.values())
    assert Agency.objects.count() == Agency.objects.values("name").distinct().count() >= 10
    output = capsys.readouterr().out
    assert settings.DEMO_PASSWORD in output
    assert "business" in output


def test_the_command_prints_how_many_of_each_kind_it_loaded(db, capsys):
    call_command("load_demo")

    output = capsys.readouterr().out
    assert f"{len(demo.PEOPLE)} people" in output
    assert f"{Meeting.objects.count()} meetings" in output
    assert "5 priorities" in output
    assert f"{Action.objects.count()} actions" in output  # the partnership's and other apps'
    # The partnership's four, the local CSPR the reviews demo publishes, and the yearly report
    # the scrutiny demo publishes.
    assert "6 publications" in output


def test_the_password_comes_from_demo_password(db, settings):
    settings.DEMO_PASSWORD = "another-demo-password"

    call_command("load_demo")

    assert User.objects.get(username="scrutineer").check_password("another-demo-password")


def test_it_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="refuses to run when DJANGO_ENV=production"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_it_loads_each_kind_of_record_in_the_intended_numbers(loaded):
    assert counts() == {
        "Agency": 18,
        "Person": 39,
        "User": 7,
        "Body": 6,
        "Membership": len(demo.MEMBERSHIPS),
        "Meeting": 6,
        "Attendance": sum(
            len(demo.board_members_on(held_on)) for held_on, *_ in demo.BOARD_MEETINGS
        ),
        "Priority": 5,
        "PriorityUpdate": 12,
        "Action": 12,
        "ActionNote": 15,
        "Publication": 4,
        "PublicationVersion": 5,
    }


def test_running_it_twice_changes_no_counts_and_keeps_every_row(loaded):
    before = counts()
    attendance_ids = set(Attendance.objects.values_list("pk", flat=True))

    demo.load(password="demo-password")

    assert counts() == before
    assert set(Attendance.objects.values_list("pk", flat=True)) == attendance_ids


def test_it_covers_every_kind_of_agency_in_the_membership_appendix(loaded):
    kinds = set(Agency.objects.filter(is_active=True).values_list("kind", flat=True))

    assert kinds == set(AgencyKind)
    assert Agency.objects.filter(kind=AgencyKind.EDUCATION).count() >= 4


def test_it_retires_the_grouped_school_agencies_of_earlier_demo_data(db):
    grouped = Agency.objects.create(name="Thameside primary schools", kind=AgencyKind.EDUCATION)

    demo.load(password="demo-password")

    grouped.refresh_from_db()
    assert not grouped.is_active


def test_the_demo_accounts_are_the_people_they_stand_for(loaded):
    users = {user.username: user for user in User.objects.select_related("person__agency")}

    assert users["agency"].person.job_title == "Detective Superintendent, Public Protection"
    assert users["agency"].person.agency == users["agency"].agency
    assert users["partner"].person.job_title == "Chief Executive"
    assert (
        users["partner"]
        .person.memberships.filter(role=MembershipRole.LEAD_SAFEGUARDING_PARTNER)
        .exists()
    )
    assert (
        users["scrutineer"]
        .person.memberships.filter(
            role=MembershipRole.INDEPENDENT_SCRUTINEER, ended_on__isnull=True
        )
        .exists()
    )
    assert users["practitioner"].person is None


def test_the_joint_executive_is_the_three_lead_and_three_delegated_partners(loaded):
    executive = Body.objects.get(kind=BodyKind.EXECUTIVE)
    members = executive.memberships.select_related("person__agency")

    roles = sorted((m.person.agency.kind, m.role) for m in members)
    assert roles == sorted(
        (kind, role)
        for kind in (AgencyKind.LOCAL_AUTHORITY, AgencyKind.POLICE, AgencyKind.ICB)
        for role in (
            MembershipRole.LEAD_SAFEGUARDING_PARTNER,
            MembershipRole.DELEGATED_SAFEGUARDING_PARTNER,
        )
    )


def test_every_body_has_terms_of_reference_and_there_are_four_subgroups(loaded):
    assert Body.objects.filter(kind=BodyKind.SUBGROUP).count() == 4
    assert not Body.objects.filter(terms_of_reference="").exists()


def test_the_board_has_lay_members_a_chair_and_some_members_who_have_left(loaded):
    board = Body.objects.get(kind=BodyKind.BOARD)
    current = board.memberships.current_on(YEAR[1])

    assert current.filter(role=MembershipRole.LAY_MEMBER).count() == 2
    assert current.filter(role=MembershipRole.CHAIR).count() == 1
    assert current.filter(role=MembershipRole.LEAD_SAFEGUARDING_PARTNER).count() == 3
    assert board.memberships.filter(ended_on__lt=YEAR[1]).count() >= 3
    assert not Person.objects.filter(is_active=False, memberships__ended_on__isnull=True).exists()


def test_a_year_of_board_meetings_has_minutes_published_for_all_but_the_latest(loaded):
    meetings = list(Meeting.objects.filter(body__kind=BodyKind.BOARD).order_by("held_on"))

    assert len(meetings) == 6
    assert YEAR[0] <= meetings[0].held_on and meetings[-1].held_on <= YEAR[1]
    assert all(meeting.agenda and meeting.minutes for meeting in meetings)
    assert [meeting.minutes_published for meeting in meetings] == [True] * 5 + [False]


def test_every_current_board_member_has_an_attendance_record_at_each_meeting(loaded):
    board = Body.objects.get(kind=BodyKind.BOARD)
    for meeting in Meeting.objects.filter(body=board):
        expected = set(
            board.memberships.current_on(meeting.held_on).values_list("person", flat=True)
        )
        assert set(meeting.attendances.values_list("person", flat=True)) == expected


@pytest.mark.parametrize("start", [YEAR[0], date(2026, 1, 1)], ids=["the year", "its last quarter"])
def test_the_police_attend_too_little_and_every_other_agency_enough(loaded, settings, start):
    rows = services.attendance_rates(start=start, end=YEAR[1])
    police = [row for row in rows if row.agency.kind == AgencyKind.POLICE]
    others = [row for row in rows if row.agency.kind != AgencyKind.POLICE]

    assert len(police) == 1 and police[0].below_threshold
    assert police[0].rate < settings.ATTENDANCE_THRESHOLD_PERCENT
    assert {row.agency.kind for row in others} >= {AgencyKind.LOCAL_AUTHORITY, AgencyKind.ICB}
    assert not any(row.below_threshold for row in others)
    assert all(row.rate > settings.ATTENDANCE_THRESHOLD_PERCENT for row in others)


def test_deputies_are_named_and_only_deputies_are(loaded):
    rows = Attendance.objects.all()

    assert rows.filter(status="deputy").exists()
    assert not rows.filter(status="deputy", deputy_name="").exists()
    assert not rows.exclude(status="deputy").exclude(deputy_name="").exists()


def test_five_priorities_each_have_updates_and_an_impact_statement(loaded):
    priorities = Priority.objects.filter(period_start=YEAR[0], period_end=YEAR[1])

    assert priorities.count() == 5
    for priority in priorities:
        assert priority.rationale and priority.planned_actions and priority.impact_statement
        written = [update.written_on for update in priority.updates.all()]
        assert 2 <= len(written) <= 3
        assert all(YEAR[0] <= day <= YEAR[1] for day in written)


def test_actions_are_in_every_status_some_overdue_and_some_from_priorities(loaded):
    actions = Action.objects.all()

    assert set(actions.values_list("status", flat=True)) == set(ActionStatus)
    overdue = actions.overdue(ANCHOR)
    assert 0 < overdue.count() < actions.open().count()
    assert overdue.filter(owner_agency__kind=AgencyKind.POLICE).exists()
    from_priorities = actions.filter(source_type=ContentType.objects.get_for_model(Priority))
    assert from_priorities.count() >= 6
    assert all(action.source in Priority.objects.all() for action in from_priorities)
    assert not actions.filter(notes__isnull=True).exists()
    complete = actions.filter(status=ActionStatus.COMPLETE)
    assert not complete.filter(completed_on__isnull=True).exists()
    assert not actions.open().filter(completed_on__isnull=False).exists()


def test_every_action_belongs_to_its_owners_agency(loaded):
    for action in Action.objects.select_related("owner_person"):
        assert action.owner_agency_id == action.owner_person.agency_id


def test_publications_are_published_with_versions(loaded):
    publications = Publication.objects.all()

    assert publications.published().count() == 4
    assert set(publications.values_list("kind", flat=True)) == {
        PublicationKind.YEARLY_REPORT,
        PublicationKind.NEWSLETTER,
        PublicationKind.LEARNING_BRIEFING,
        PublicationKind.ARRANGEMENTS,
    }
    arrangements = publications.get(kind=PublicationKind.ARRANGEMENTS)
    assert arrangements.versions.count() == 2
    assert arrangements.published_version.number == 2
    assert "delegated safeguarding partners chairs" in arrangements.published_version.body
    assert arrangements.first_published_at == arrangements.versions.get(number=1).published_at


def test_no_person_is_named_in_the_source_documents(loaded):
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is not on this machine, so there is nothing to compare against")
    text = " ".join(path.read_text().lower() for path in SEEDS.glob("*.txt"))

    names = list(Person.objects.values_list("full_name", flat=True))
    assert names
    assert [name for name in names if name.lower() in text] == []


def test_publications_carry_the_past_dates_they_were_published_on(loaded):
    def first_published(kind):
        return Publication.objects.get(kind=kind).first_published_at

    arrangements = Publication.objects.get(kind=PublicationKind.ARRANGEMENTS)
    versions = arrangements.versions.order_by("number")
    assert [version.published_at.date() for version in versions] == [
        date(2024, 9, 16),
        date(2025, 5, 19),
    ]
    assert first_published(PublicationKind.NEWSLETTER).date() == date(2025, 7, 24)
    assert first_published(PublicationKind.LEARNING_BRIEFING).date() == date(2026, 2, 12)
    # The report on April 2025 to March 2026 comes out after the year it reports on.
    assert first_published(PublicationKind.YEARLY_REPORT).date() > YEAR[1]
    assert not PublicationVersion.objects.filter(published_at__gt=timezone.now()).exists()
