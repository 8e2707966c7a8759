"""The second factor's pages answer by where the account stands, not only by role: someone who
has passed it is sent on from the code page, and someone without an app has no recovery codes
to show and nothing to turn off. In the matrix the staff roles have an app (force_login sets
one up, tests/second_factor.py) and the practitioner and agency leads have none."""

DASHBOARD = "dashboard"
SET_UP = "302 to /accounts/two-factor/set-up/"
ACCOUNT = "302 to /portal/account/"
STAFF = ("business_unit", "scrutineer", "partner_lead")
WITHOUT_APP = ("practitioner", "agency_lead_a", "agency_lead_b")

EXAMPLES = {
    "portal:two_factor_reset": lambda cast: {"pk": cast["practitioner"].pk},
}

OUTCOMES = {
    "two_factor_verify": dict.fromkeys(STAFF + WITHOUT_APP, DASHBOARD),
    "two_factor_recovery_codes": dict.fromkeys(WITHOUT_APP, SET_UP),
    "two_factor_turn_off": dict.fromkeys(STAFF + WITHOUT_APP, ACCOUNT),
}
