"""Example arguments for the frameworks pages: the two shipped frameworks, loaded as the
portal ships them. The checklist is no agency lead's to read, so it is a 404 for them."""

from scrutiny.models import Framework
from scrutiny.services.frameworks import framework_load_shipped


def _shipped(cast):
    framework_load_shipped()
    return {}


def _checklist(cast):
    framework_load_shipped()
    return {"pk": Framework.objects.get(slug="six-step-checklist", version=1).pk}


EXAMPLES = {
    "scrutiny:frameworks": _shipped,
    "scrutiny:framework": _checklist,
    "scrutiny:framework_export": _checklist,
}
OUTCOMES = {
    "scrutiny:framework": {"agency_lead_a": 404, "agency_lead_b": 404},
    "scrutiny:framework_export": {"agency_lead_a": 404, "agency_lead_b": 404},
}
NOT_HTML = {"scrutiny:framework_export"}
