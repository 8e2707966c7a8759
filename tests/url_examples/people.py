"""Example arguments for the agencies, people, bodies and memberships pages: a small
partnership, so that the access matrix and the browser check see every part of each page."""

from ..factories import small_partnership


def _listed(cast):
    small_partnership(cast)
    return {}


def _person(cast):
    return {"pk": small_partnership(cast)["people"][0].pk}


def _body(cast):
    return {"pk": small_partnership(cast)["board"].pk}


def _agency(cast):
    small_partnership(cast)
    return {"pk": cast["agency_lead_a"].agency_id}


EXAMPLES = {
    "portal:agencies": _listed,
    "portal:people": _listed,
    "portal:bodies": _listed,
    "portal:memberships": _listed,
    "portal:memberships_export": _listed,
    "portal:export": _listed,
    "portal:agency": _agency,
    "portal:agency_edit": _agency,
    "portal:person": _person,
    "portal:person_edit": _person,
    "portal:body": _body,
    "portal:body_edit": _body,
    "portal:membership_end": lambda cast: {
        "pk": small_partnership(cast)["memberships"]["commander"].pk
    },
}
NOT_HTML = {"portal:memberships_export", "portal:export"}
