import datetime
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from ..models import Agency, User
from ..resources import money_digits

# crispy-forms-gds 2.0.1 marks only TextInput, Select and Textarea as in error, and those last
# two with the text input's class; GOV.UK Frontend wants each control's own error class.
# tests/config/test_crispy_forms_gds.py records the package's gaps; this fills them for us.
ERROR_CLASSES = {
    forms.EmailInput: "govuk-input--error",
    forms.PasswordInput: "govuk-input--error",
    forms.NumberInput: "govuk-input--error",
    forms.URLInput: "govuk-input--error",
    forms.Textarea: "govuk-textarea--error",
    forms.Select: "govuk-select--error",
}


class GovFormMixin:
    """Renders a form with GOV.UK Design System markup (crispy-forms-gds). The page template
    shows the error summary first and prefixes the title with "Error: "."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # GOV.UK validates on the server and shows its own error summary; the browser's
        # bubbles would pre-empt it and are not read out consistently.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            css = field and ERROR_CLASSES.get(type(field.widget))
            if css and css not in field.widget.attrs.get("class", ""):
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()


class GovForm(GovFormMixin, forms.Form):
    pass


class FilterForm(GovForm):
    """The filters above a list: sent by GET, so a filtered list can be bookmarked and shared."""

    submit_label = "Apply filters"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"


class MoneyField(forms.DecimalField):
    """Pounds and pence as people type them: "64320", "64,320.50" or "£64,320", never below
    £0 and with at most `max_digits` digits; a blank is None. `example` shows the format in the
    error message."""

    def __init__(self, *, noun: str, max_digits: int = 12, example: str, width: int = 10, **kwargs):
        super().__init__(
            max_digits=max_digits, decimal_places=2, min_value=0, required=False, **kwargs
        )
        self.noun = noun
        self.widget.attrs.update(
            {"inputmode": "decimal", "spellcheck": "false", "class": f"govuk-input--width-{width}"}
        )
        self.widget.input_type = "text"
        limit = f"£{10 ** (max_digits - 2):,}"
        self.error_messages.update(
            {
                "invalid": f"Enter the {noun} in pounds and pence, like {example}",
                "max_decimal_places": f"The {noun} must have no more than 2 decimal places",
                "max_digits": f"The {noun} must be less than {limit}",
                "max_whole_digits": f"The {noun} must be less than {limit}",
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = money_digits(value)
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and value < 0:
            raise forms.ValidationError(f"The {self.noun} must be £0 or more")

    def clean(self, value):
        try:
            amount = super().clean(value)
        except InvalidOperation:  # digits Decimal cannot hold, e.g. "1e99999999999"
            raise forms.ValidationError(self.error_messages["invalid"]) from None
        return None if amount is None else amount.quantize(Decimal("0.01"))

    def widget_attrs(self, widget):
        # A number input would spin and refuse "£" and commas; GOV.UK asks for a text input.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs


class GovDateField(DateInputField):
    """GOV.UK's date input (day, month, year) with the Design System's messages, each naming
    the date: noun="due date" gives "Enter the due date". The package's own messages are
    generic, it reports a date like 31 February in Python's words ("day is out of range for
    month"), and it would take "26" for the year 26."""

    def __init__(self, *, noun: str = "date", **kwargs):
        self.noun = noun
        # Each missing part gets its own message ("must include a month"), as GOV.UK asks.
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter the {noun}"
        self.error_messages["incomplete"] = f"The {noun} must include a day, month and year"
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.validators[0].message = f"The {noun} must be a real date"
            field.error_messages["incomplete"] = f"The {noun} must include a {part}"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4:
            raise forms.ValidationError(f"The year of the {self.noun} must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"The {self.noun} must be a real date") from None


def dates_in_order(
    form,
    start: str,
    end: str,
    message: str = "The end date must be the same as or after the start date",
) -> None:
    """Put `message` on the `end` field when both dates are valid and it comes first."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, message)


class SignInForm(GovFormMixin, auth_forms.AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct user name or email address and password",
        "inactive": "This account has been closed. Contact the partnership business unit",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "User name or work email address"
        self.fields["username"].error_messages["required"] = "Enter your user name or email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise forms.ValidationError(
                "Confirm your email address before you sign in: follow the link we emailed to you",
                code="unverified",
            )


class SignUpForm(GovFormMixin, forms.ModelForm):
    submit_label = "Create account"

    email = forms.EmailField(
        label="Work email address",
        help_text="Use the address your organisation gave you. We will send a link to it.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency you work for",
        queryset=Agency.objects.active(),
        empty_label="Choose your agency",
        error_messages={"required": "Select the agency you work for"},
    )
    password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common words and your own name.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter your password again"},
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "agency"]
        error_messages = {
            "first_name": {"required": "Enter your first name"},
            "last_name": {"required": "Enter your last name"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        domain = email.rsplit("@", 1)[-1].lower()
        if domain in settings.PERSONAL_EMAIL_DOMAINS:
            raise forms.ValidationError(
                "Enter your work email address, not a personal one", code="personal_email"
            )
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. Sign in, or reset your password",
                code="duplicate_email",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1:
            candidate = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendVerificationForm(GovForm):
    submit_label = "Send the link again"

    email = forms.EmailField(
        label="Work email address",
        error_messages={
            "required": "Enter the email address you signed up with",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class PasswordResetForm(GovFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send me a reset link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        }


class SetPasswordForm(GovFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Save new password"


class PasswordChangeForm(GovFormMixin, auth_forms.PasswordChangeForm):
    submit_label = "Change password"
