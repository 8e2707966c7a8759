"""Forms for meetings of the partnership's bodies, their papers and attendance registers, and
the attendance rates page."""

import datetime

from crispy_forms_gds.layout import HTML, Field, Fixed, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import escape

from ..models import AttendanceStatus, Body, Meeting, Person
from ..uploads import DOCX, ODT, PDF, PPTX, XLSX, UploadField
from . import FilterForm, GovDateField, GovForm, GovFormMixin, dates_in_order


class BodyChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Body.objects.all())
        super().__init__(**kwargs)


class MeetingFilterForm(FilterForm):
    body = BodyChoiceField(
        label="Body",
        required=False,
        empty_label="All bodies",
        error_messages={"invalid_choice": "Select a body from the list"},
    )


class MeetingForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save meeting"

    body = BodyChoiceField(
        label="Body",
        empty_label="Choose a body",
        error_messages={
            "required": "Select a body",
            "invalid_choice": "Select a body from the list",
        },
    )
    held_on = GovDateField(
        label="Date of the meeting", noun="date of the meeting", help_text="For example, 5 3 2026"
    )

    class Meta:
        model = Meeting
        fields = ["body", "held_on", "agenda", "minutes", "minutes_published"]
        labels = {"minutes_published": "The minutes are published"}
        help_texts = {
            "agenda": "One item a line.",
            "minutes": "Leave blank until the minutes are written.",
            "minutes_published": "Tick once the chair has approved them for circulation.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An inactive body keeps its old meetings but gets no new ones.
        current = self.instance.body_id
        self.fields["body"].queryset = Body.objects.filter(is_active=True) | Body.objects.filter(
            pk=current
        )
        self.helper.layout = Layout(
            Field.select("body"),
            Field("held_on"),
            Field.textarea("agenda", rows=6),
            Field.textarea("minutes", rows=10),
            Field.checkbox("minutes_published"),
        )


# What a paper may be: the formats the business unit circulates.
PAPER_FILE_TYPES = (PDF, DOCX, XLSX, PPTX, ODT)


class MeetingPaperForm(GovForm):
    submit_label = "Add paper"

    title = forms.CharField(
        label="Title of the paper",
        max_length=200,
        error_messages={
            "required": "Enter the title of the paper",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    file = UploadField(
        label="Upload the paper",
        kinds=PAPER_FILE_TYPES,
        error_messages={
            "required": "Select a file to upload",
            "missing": "Select a file to upload",
        },
    )


def literal(text: str) -> str:
    """Text safe to put in a crispy layout: the pack renders labels unescaped, and headings
    through Django's template engine, so escape both the HTML and the template braces."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


class AttendanceRegisterForm(GovForm):
    """One question per person on the register, grouped by agency: how they attended, and who
    deputised. The fields are made from the people, so no one else can be posted in."""

    submit_label = "Save register"

    def __init__(self, *args, people: list[Person], recorded: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        layout = []
        agency = None
        for person in people:
            if person.agency_id != agency:
                agency = person.agency_id
                layout.append(HTML.heading("h2", "m", literal(person.agency.name)))
            existing = recorded.get(person.pk)
            who = literal(person.full_name)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=f"{who}, {literal(person.job_title)}" if person.job_title else who,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=existing.status if existing else None,
                error_messages={"required": f"Select how {person.full_name} attended"},
            )
            self.fields[f"deputy_{person.pk}"] = forms.CharField(
                label=f"Name of the deputy for {who}",
                help_text="Only if a deputy attended in their place.",
                required=False,
                max_length=200,
                initial=existing.deputy_name if existing else "",
                error_messages={
                    "max_length": f"The name of the deputy for {person.full_name} must be 200 "
                    "characters or fewer"
                },
            )
            layout += [
                Field.radios(
                    f"status_{person.pk}", legend_size=Size.SMALL, inline=True, small=True
                ),
                Field.text(f"deputy_{person.pk}", field_width=Fixed.TWENTY),
            ]
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        for person in self.people:
            status = cleaned.get(f"status_{person.pk}")
            deputy = cleaned.get(f"deputy_{person.pk}", "").strip()
            if status == AttendanceStatus.DEPUTY and not deputy:
                self.add_error(
                    f"deputy_{person.pk}",
                    f"Enter the name of the deputy who attended for {person.full_name}",
                )
            elif status and status != AttendanceStatus.DEPUTY and deputy:
                self.add_error(
                    f"deputy_{person.pk}",
                    f"Select ‘Deputy attended’ for {person.full_name}, or remove the name of "
                    "the deputy",
                )
        return cleaned

    def entries(self) -> list[tuple[Person, str, str]]:
        return [
            (
                person,
                self.cleaned_data[f"status_{person.pk}"],
                self.cleaned_data[f"deputy_{person.pk}"].strip(),
            )
            for person in self.people
        ]


def a_year_ago(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


class AttendancePeriodForm(FilterForm):
    """The period and body of the attendance rates page. Unfilled, it is the last 12 months."""

    start = GovDateField(label="From", noun="start date")
    end = GovDateField(label="To", noun="end date", help_text="Meetings on both dates count.")
    body = BodyChoiceField(
        label="Body",
        required=False,
        empty_label="All bodies",
        error_messages={"invalid_choice": "Select a body from the list"},
    )

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        # The page opens on the default period: an unfilled form is bound to it, not left
        # unbound, so the figures below always match the dates shown.
        if not data or not any(key.startswith(("start", "end", "body")) for key in data):
            start = a_year_ago(today)
            data = {
                "start_0": start.day,
                "start_1": start.month,
                "start_2": start.year,
                "end_0": today.day,
                "end_1": today.month,
                "end_2": today.year,
            }
        super().__init__(data, **kwargs)
        self.helper.layout = Layout(Field("start"), Field("end"), Field.select("body"))

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "start", "end")
        return cleaned
