from django import forms

from . import FilterForm, GovForm


class SecurityCodeForm(GovForm):
    """One box for the app's 6-digit code or a recovery code, as GOV.UK's pattern for
    security codes: spaces and dashes are ignored, nothing is judged by the browser."""

    submit_label = "Continue"

    code = forms.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "govuk-input govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text


class AppCodeForm(SecurityCodeForm):
    submit_label = "Set up the app"

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, help_text="The 6-digit code the app shows for this portal", **kwargs
        )
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


class ConfirmForm(GovForm):
    """A button and nothing else, for a change that needs a deliberate second step."""

    def __init__(self, *args, submit_label="Continue", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class AccountSearchForm(FilterForm):
    submit_label = "Search"

    q = forms.CharField(
        label="Name, user name or email address",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
