"""The retention periods come from the environment and a bad one stops start-up with a
message naming it. Each case starts a fresh interpreter, as settings are read once."""

import json

import pytest

from .test_settings import run

PERIODS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.RETENTION))
"""


def test_each_period_can_be_set_from_the_environment():
    result = run(
        PERIODS,
        DJANGO_SETTINGS_MODULE="config.settings",
        RETENTION_TRAINING_BOOKINGS_YEARS="7",
        RETENTION_UNCONFIRMED_SIGN_UPS_DAYS="14",
    )

    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout.strip().splitlines()[-1])
    assert periods["training_bookings"] == {"years": 7}
    assert periods["unconfirmed_sign_ups"] == {"days": 14}
    assert periods["dormant_accounts"] == {"years": 2}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"RETENTION_TRAINING_BOOKINGS_YEARS": "0"},
            "RETENTION_TRAINING_BOOKINGS_YEARS must be from 1 to 100 years, not 0",
        ),
        (
            {"RETENTION_TASK_RESULTS_DAYS": "a month"},
            "RETENTION_TASK_RESULTS_DAYS must be a whole number, not 'a month'",
        ),
        (
            {"RETENTION_UNCONFIRMED_SIGN_UPS_DAYS": "2"},
            "RETENTION_UNCONFIRMED_SIGN_UPS_DAYS must be at least as long as the link it waits "
            "for (EMAIL_VERIFICATION_TIMEOUT, 3 days)",
        ),
        (
            {"RETENTION_UNCONFIRMED_SUBSCRIPTIONS_DAYS": "6"},
            "RETENTION_UNCONFIRMED_SUBSCRIPTIONS_DAYS must be at least as long as the link it "
            "waits for (SUBSCRIPTION_CONFIRM_TIMEOUT, 7 days)",
        ),
    ],
)
def test_a_bad_period_stops_start_up_with_a_clear_message(env, message):
    result = run(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert message in result.stderr
