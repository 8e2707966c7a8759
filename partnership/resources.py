"""django-import-export resources: how agencies, people and memberships travel in CSV and XLSX.

The same resources serve the portal's import pages (through services.spreadsheet_import) and the
Django admin. Every problem a row can have is raised as a ValidationError keyed by the field, so
the import can name the row and the column; nothing here writes outside import_data's
transaction.
"""

from datetime import datetime

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import models
from import_export import fields, resources, widgets

from .models import Agency, AgencyKind, Body, Membership, MembershipRole, Person

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (CSV injection). A leading apostrophe makes the spreadsheet show the cell as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def money_digits(text: str) -> str:
    """An amount as people type it ("£64,320.50") as a number Decimal reads ("64320.50")."""
    return text.strip().replace("£", "").replace(",", "").replace(" ", "")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def header(name) -> str:
    """Headers as people type them ("Full name", " EMAIL ") match the resource's columns."""
    return "_".join(str(name or "").strip().lower().split())


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).strip()


class ChoiceWidget(widgets.Widget):
    """A choice given by its stored value ("police") or its label ("Police (statutory
    partner)"), in any case; exported as the label, which a person can read."""

    def __init__(self, choices: type[models.TextChoices], noun: str):
        super().__init__()
        self.choices = choices
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        wanted = text.casefold()
        for choice in self.choices:
            if wanted in (choice.value.casefold(), choice.label.casefold()):
                return choice.value
        allowed = "; ".join(choice.label for choice in self.choices)
        raise ValueError(f"“{text}” is not a {self.noun}. Use one of: {allowed}")

    def render(self, value, obj=None, **kwargs):
        return self.choices(value).label if value else ""


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record found by one of its fields, ignoring case. ForeignKeyWidget raises
    DoesNotExist, which import_export reports against the row only; a ValueError is reported
    against the column too."""

    def __init__(self, model, field: str, noun: str, queryset=None):
        super().__init__(model, field)
        self.noun = noun
        self.queryset = queryset

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset.all() if self.queryset is not None else self.model.objects.all()

    def get_lookup_kwargs(self, value, row, **kwargs):
        return {f"{self.field}__iexact": str(value).strip()}

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(f"There is no {self.noun} “{str(value).strip()}”") from None
        except MultipleObjectsReturned:
            raise ValueError(f"More than one {self.noun} matches “{str(value).strip()}”") from None


class DayWidget(widgets.DateWidget):
    """Dates as 2026-03-05 or 05/03/2026 (day first, as in the UK), or a spreadsheet date cell."""

    def __init__(self):
        super().__init__()
        self.formats = ("%Y-%m-%d", "%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                f"“{value}” is not a date. Enter a date like 2026-03-05 or 05/03/2026"
            ) from None


class PortalResource(resources.ModelResource):
    """What the three resources share: required columns, row checks that name their column,
    and exports whose cells a spreadsheet cannot run as formulas."""

    # column -> the message when a row leaves it blank
    required: dict[str, str] = {}
    # The spreadsheet's number for each row of the dataset, which spreadsheet_import sets as it
    # drops blank rows. The admin's import keeps every row: data row n is row n + 1 there.
    row_numbers: list[int] | None = None

    def sheet_row(self, number: int) -> int:
        return self.row_numbers[number - 1] if self.row_numbers else number + 1

    def missing_columns(self, headers) -> list[str]:
        present = {header(name) for name in headers or []}
        return [column for column in self.required if column not in present]

    def field_for(self, column: str) -> fields.Field:
        return next(field for field in self.fields.values() if field.column_name == column)

    def column_of(self, key: str) -> str:
        """The column a validation error key (a field's attribute) came from."""
        for field in self.fields.values():
            if key in (field.attribute, field.column_name):
                return field.column_name
        return ""

    def before_import(self, dataset, **kwargs):
        dataset.headers = [header(name) for name in dataset.headers or []]
        missing = self.missing_columns(dataset.headers)
        if missing:
            # The admin's import reaches here; the portal checks the headers first.
            raise ValueError(f"The file has no {', '.join(missing)} column")

    def get_instance(self, instance_loader, row):
        # A row whose key columns do not parse is new; import_instance reports why.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column, message in self.required.items():
            attribute = self.field_for(column).attribute
            value = row.get(column)
            if attribute not in errors and (value is None or not str(value).strip()):
                errors[attribute] = [message]
        self.check_row(instance, row, errors, self.sheet_row(kwargs["row_number"]))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Copies: full_clean appends its messages to the lists it is given.
        read_errors = {key: list(value) for key, value in (import_validation_errors or {}).items()}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict({})
            # A column that could not be read has said what is wrong with it; the model's own
            # checks of that field (now blank) would only add a confusing second message.
            errors.update(read_errors)
            raise ValidationError(errors) from None

    def check_row(self, instance, row, errors: dict, row_number: int) -> None:
        """Rules across rows or fields; add messages to errors under the field's attribute."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


class AgencyResource(PortalResource):
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(AgencyKind, "kind of agency")
    )

    required = {"name": "Enter the agency’s name", "kind": "Enter the kind of agency"}

    class Meta:
        model = Agency
        fields = ("name", "kind")
        import_id_fields = ("name",)
        clean_model_instances = True
        store_row_values = True
        skip_html_diff = True

    def get_queryset(self):
        return Agency.objects.order_by("name")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rows_by_name = {}

    def get_instance(self, instance_loader, row):
        name = str(row.get("name") or "").strip()
        return Agency.objects.filter(name__iexact=name).first() if name else None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A known agency is found by its name in any case; a file's "cafcass" does not
        # rename "Cafcass".
        if field.attribute == "name" and instance.pk:
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def check_row(self, instance, row, errors, row_number):
        name = instance.name.casefold()
        if name and "name" not in errors:
            if name in self.rows_by_name:
                errors["name"] = [f"This agency is also on row {self.rows_by_name[name]}"]
            self.rows_by_name.setdefault(name, row_number)


class PersonResource(PortalResource):
    full_name = fields.Field(attribute="full_name", column_name="full_name", widget=TextWidget())
    job_title = fields.Field(attribute="job_title", column_name="job_title", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=TextWidget())
    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=LookupWidget(Agency, "name", "active agency called", Agency.objects.active()),
    )

    required = {
        "full_name": "Enter the person’s full name",
        "email": "Enter the person’s work email address",
        "agency": "Enter the name of the person’s agency",
    }

    class Meta:
        model = Person
        fields = ("full_name", "job_title", "email", "agency")
        # A person is identified by their email, and an email already held is refused rather
        # than overwritten: a typo must not move someone else's record to another agency.
        force_init_instance = True
        clean_model_instances = True
        store_row_values = True
        skip_html_diff = True

    def get_queryset(self):
        return Person.objects.select_related("agency").order_by("full_name", "pk")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rows_by_email = {}

    def check_row(self, instance, row, errors, row_number):
        email = instance.email.casefold()
        if not email or "email" in errors:
            return
        if email in self.rows_by_email:
            errors["email"] = [f"This email address is also on row {self.rows_by_email[email]}"]
        elif Person.objects.filter(email__iexact=email).exclude(pk=instance.pk).exists():
            errors["email"] = ["Another person already has this email address"]
        self.rows_by_email.setdefault(email, row_number)


class MembershipResource(PortalResource):
    person = fields.Field(
        attribute="person",
        column_name="person_email",
        widget=LookupWidget(Person, "email", "person with the email address"),
    )
    person_name = fields.Field(
        attribute="person__full_name", column_name="person_name", readonly=True
    )
    body = fields.Field(
        attribute="body", column_name="body", widget=LookupWidget(Body, "name", "body called")
    )
    role = fields.Field(
        attribute="role",
        column_name="role",
        widget=ChoiceWidget(MembershipRole, "membership role"),
    )
    started_on = fields.Field(attribute="started_on", column_name="started_on", widget=DayWidget())
    ended_on = fields.Field(attribute="ended_on", column_name="ended_on", widget=DayWidget())

    required = {
        "person_email": "Enter the member’s work email address",
        "body": "Enter the name of the body",
        "role": "Enter the member’s role",
        "started_on": "Enter the date the membership started",
    }

    class Meta:
        model = Membership
        fields = ("person", "person_name", "body", "role", "started_on", "ended_on")
        import_order = ("person", "body", "role", "started_on", "ended_on")
        clean_model_instances = True
        store_row_values = True
        skip_html_diff = True

    def get_queryset(self):
        return Membership.objects.select_related("person", "body").order_by(
            "body__name", "person__full_name", "started_on"
        )

    def get_instance(self, instance_loader, row):
        """The same person in the same body from the same date is the same membership: a row
        that repeats one updates its role or end date."""
        try:
            person = self.fields["person"].clean(row)
            body = self.fields["body"].clean(row)
            started_on = self.fields["started_on"].clean(row)
        except (ValueError, KeyError):
            return None
        if not (person and body and started_on):
            return None
        return Membership.objects.filter(person=person, body=body, started_on=started_on).first()

    def check_row(self, instance, row, errors, row_number):
        if "started_on" in errors or "ended_on" in errors:
            return
        if instance.ended_on and instance.started_on and instance.ended_on < instance.started_on:
            errors["ended_on"] = ["The end date must be the same as or after the start date"]


RESOURCES = {
    "agencies": AgencyResource,
    "people": PersonResource,
    "memberships": MembershipResource,
}
