"""Forms an agency lead fills in for the multi-agency data set: a quarter's figures, and a
correction to a submitted figure."""

from decimal import Decimal

from crispy_forms_gds.layout import HTML, Field, Fixed, Layout, Size
from django import forms
from django.utils.html import escape

from ..services.data_import import DueFigure, FigureEntry
from . import GovForm
from .data import FigureField
from .meetings import literal

EXAMPLE = "like 18.5 or 1,204"


def shown(value: Decimal | None) -> str:
    """A stored figure as it was typed: 18.50 shows as 18.5, 1204.00 as 1204."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


class QuarterFiguresForm(GovForm):
    """A figure and an optional note for each figure of the quarter not yet submitted. The
    fields are made from the figures due, so nothing else can be posted in. The page draws its
    own two buttons: save, and save and submit."""

    def __init__(self, *args, figures: list[DueFigure], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.inputs = []
        self.helper.form_tag = False
        self.figures = [figure for figure in figures if not figure.is_submitted]
        layout = []
        indicator = None
        for figure in self.figures:
            if figure.indicator != indicator:
                indicator = figure.indicator
                layout.append(HTML.heading("h2", "m", literal(indicator.name)))
                layout.append(HTML(f'<p class="govuk-body-s">{literal(indicator.definition)}</p>'))
            name = literal(indicator.name)
            unit = indicator.get_unit_display().lower()
            hint = f"Due by {figure.due_on:%-d %B %Y}."
            if figure.is_late:
                hint = (
                    '<strong class="govuk-tag govuk-tag--red">Late</strong> '
                    f"It was due by {figure.due_on:%-d %B %Y}."
                )
            if figure.value is not None:
                hint += " Entered, not yet submitted."
            self.fields[f"value_{figure.key}"] = FigureField(
                label=f"{name} ({escape(unit)}), {escape(figure.label)}",
                help_text=hint,
                initial=shown(figure.value.value) if figure.value else None,
                noun=f"figure for {indicator.name}, {figure.label},",
            )
            self.fields[f"value_{figure.key}"].error_messages["invalid"] = (
                f"Enter the figure for {indicator.name}, {figure.label}, as a number, {EXAMPLE}"
            )
            self.fields[f"note_{figure.key}"] = forms.CharField(
                label=f"Note on the figure for {figure.label} (optional)",
                required=False,
                max_length=2000,
                initial=figure.value.note if figure.value else "",
                error_messages={"max_length": "The note must be 2,000 characters or fewer"},
            )
            layout += [
                Field.text(f"value_{figure.key}", field_width=Fixed.TEN, label_size=Size.SMALL),
                Field.text(f"note_{figure.key}", label_size=Size.SMALL),
            ]
        self.helper.layout = Layout(*layout)

    def entries(self) -> dict[str, FigureEntry]:
        """The figures filled in, keyed by their field's name."""
        return {
            f"value_{figure.key}": FigureEntry(
                indicator=figure.indicator,
                period_start=figure.period_start,
                value=self.cleaned_data[f"value_{figure.key}"],
                note=self.cleaned_data[f"note_{figure.key}"].strip(),
            )
            for figure in self.figures
            if self.cleaned_data.get(f"value_{figure.key}") is not None
        }


class CorrectionForm(GovForm):
    submit_label = "Correct the figure"

    corrected = FigureField(
        label="Corrected figure",
        required=True,
        noun="corrected figure",
    )
    reason = forms.CharField(
        label="Why is the figure being corrected?",
        help_text="The partnership keeps the figure submitted earlier with your reason, so "
        "anyone reading the dashboard can see what changed and why.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter why the figure is being corrected",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrected"].error_messages["required"] = "Enter the corrected figure"
        self.fields["corrected"].widget.attrs["class"] = "govuk-input--width-10"
        self.helper.layout = Layout(
            Field.text("corrected", field_width=Fixed.TEN),
            Field.textarea("reason", rows=4),
        )
