"""The GOV.UK date input every form uses, partnership.forms.GovDateField."""

import datetime

import pytest
from django import forms

from partnership.forms import GovDateField


class StartForm(forms.Form):
    started_on = GovDateField(label="Start date", noun="start date")
    ended_on = GovDateField(label="End date (optional)", noun="end date", required=False)


def errors(**parts):
    data = {"started_on_0": "1", "started_on_1": "4", "started_on_2": "2025"}
    data.update(parts)
    form = StartForm(data)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"started_on_0": "", "started_on_1": "", "started_on_2": ""}, "Enter the start date"),
        ({"started_on_1": ""}, "The start date must include a month"),
        ({"started_on_0": "x"}, "The start date must be a real date"),
        ({"started_on_0": "31", "started_on_1": "2"}, "The start date must be a real date"),
        ({"started_on_2": "25"}, "The year of the start date must include 4 numbers"),
    ],
)
def test_each_message_names_the_date_and_says_what_to_fix(parts, message):
    assert errors(**parts)["started_on"] == [message]


def test_an_optional_date_may_be_left_blank_but_not_half_filled():
    assert errors() == {}
    assert errors(ended_on_2="2026")["ended_on"] == [
        "The end date must include a day",
        "The end date must include a month",
    ]


def test_a_whole_date_becomes_a_date():
    form = StartForm(
        {
            "started_on_0": "1",
            "started_on_1": "4",
            "started_on_2": "2025",
            "ended_on_0": "31",
            "ended_on_1": "3",
            "ended_on_2": "2026",
        }
    )

    assert form.is_valid()
    assert form.cleaned_data == {
        "started_on": datetime.date(2025, 4, 1),
        "ended_on": datetime.date(2026, 3, 31),
    }
