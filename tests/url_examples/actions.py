"""Example arguments for the action tracker's pages: an action owned by agency A, raised from
a priority, with a progress note, so the pages are checked with every part shown."""

from partnership.models import ActionStatus

from ..factories import ActionFactory, ActionNoteFactory, PriorityFactory


def _action_of_agency_a(cast):
    agency = cast["agency_lead_a"].agency
    action = ActionFactory(
        title="Audit the use of the neglect toolkit",
        description="Sample 20 cases referred for neglect.\nReport to the executive.",
        owner_agency=agency,
        source=PriorityFactory(area="Neglect"),
    )
    ActionNoteFactory(action=action, author=cast["agency_lead_a"], status=ActionStatus.ON_TRACK)
    return action


def _actions_to_list(cast):
    # The list takes no arguments; making rows here means the browser check sees a full table.
    _action_of_agency_a(cast)
    ActionFactory(owner_agency=cast["agency_lead_b"].agency, status=ActionStatus.AT_RISK)
    return {}


EXAMPLES = {
    "portal:actions": _actions_to_list,
    "portal:action": lambda cast: {"pk": _action_of_agency_a(cast).pk},
    "portal:action_edit": lambda cast: {"pk": _action_of_agency_a(cast).pk},
}
OUTCOMES = {"portal:action": {"agency_lead_b": 404}}
