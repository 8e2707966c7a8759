"""The action tracker's services, called directly."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership import services
from partnership.models import Action, ActionStatus

from ..factories import ActionFactory, PersonFactory, PriorityFactory

DUE = datetime.date(2027, 3, 5)


def test_action_create_links_the_record_it_was_raised_from(agency_a):
    priority = PriorityFactory(area="Neglect")

    action = services.action_create(
        title="Audit neglect referrals", owner_agency=agency_a, due_on=DUE, source=priority
    )

    action = Action.objects.get(pk=action.pk)
    assert action.source == priority
    assert action.status == ActionStatus.NOT_STARTED


def test_action_create_refuses_an_owner_from_another_agency(agency_a, agency_b):
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            title="Audit",
            owner_agency=agency_a,
            owner_person=PersonFactory(agency=agency_b),
            due_on=DUE,
        )

    assert list(refused.value.message_dict) == ["owner_person"]
    assert not Action.objects.exists()


def test_action_create_of_a_complete_action_records_the_day(agency_a):
    action = services.action_create(
        title="Done already", owner_agency=agency_a, due_on=DUE, status=ActionStatus.COMPLETE
    )

    assert action.completed_on == timezone.localdate()


def test_action_edit_refuses_an_owner_from_another_agency(agency_a, agency_b):
    action = ActionFactory(owner_agency=agency_a)

    with pytest.raises(ValidationError):
        services.action_edit(
            action=action,
            title=action.title,
            description="",
            owner_agency=agency_a,
            owner_person=PersonFactory(agency=agency_b),
            due_on=DUE,
            status=action.status,
        )

    assert Action.objects.get().owner_person == action.owner_person


def test_action_edit_reopening_an_action_clears_its_completion(agency_a):
    action = ActionFactory(
        owner_agency=agency_a, status=ActionStatus.COMPLETE, completed_on=datetime.date(2026, 1, 2)
    )

    edited = services.action_edit(
        action=action,
        title=action.title,
        description="",
        owner_agency=agency_a,
        owner_person=action.owner_person,
        due_on=DUE,
        status=ActionStatus.AT_RISK,
    )

    assert edited.completed_on is None


def test_action_update_keeps_the_day_an_action_was_first_completed(agency_a, business_unit):
    first = datetime.date(2026, 1, 2)
    action = ActionFactory(owner_agency=agency_a, status=ActionStatus.COMPLETE, completed_on=first)

    updated = services.action_update(
        action=action, author=business_unit, status=ActionStatus.COMPLETE, note="Still done."
    )

    assert updated.completed_on == first
    assert updated.notes.get().text == "Still done."


def test_action_sources_fetches_each_kind_of_source_once(agency_a, django_assert_num_queries):
    priorities = [PriorityFactory(area=f"Priority {n}") for n in range(3)]
    people = [PersonFactory(agency=agency_a) for _ in range(2)]
    made = [ActionFactory(owner_agency=agency_a, source=s) for s in priorities + people]
    unsourced = ActionFactory(owner_agency=agency_a)
    actions = list(Action.objects.select_related("source_type").order_by("pk"))

    with django_assert_num_queries(2):
        sources = services.action_sources(actions=actions)

    assert sources == {
        action.pk: source for action, source in zip(made, priorities + people, strict=True)
    }
    assert unsourced.pk not in sources


def test_action_sources_leaves_out_a_deleted_source(agency_a):
    kept, deleted = PriorityFactory(), PriorityFactory()
    keeps = ActionFactory(owner_agency=agency_a, source=kept)
    loses = ActionFactory(owner_agency=agency_a, source=deleted)
    deleted.delete()

    sources = services.action_sources(actions=list(Action.objects.select_related("source_type")))

    assert sources == {keeps.pk: kept}
    assert loses.pk not in sources


def test_action_sources_of_no_actions_runs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services.action_sources(actions=[]) == {}
