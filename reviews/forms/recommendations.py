"""Forms for recommendations, the actions raised from them, the page of open
recommendations, and the learning themes."""

from crispy_forms_gds.layout import Div, Field, Layout, Size
from django import forms
from django.db.models import Q

from partnership.forms import FilterForm, GovFormMixin
from partnership.forms.actions import ActionForm

from ..models import LearningTheme, Recommendation, ReviewKind

RAPID_REVIEW = "rapid_review"


class RecommendationForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save recommendation"

    number = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=32767,
        # GOV.UK asks for a text input for numbers: a number input spins and hides mistakes.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="As the report numbers it.",
        error_messages={
            "required": "Enter the number of the recommendation",
            "invalid": "The number must be a whole number, like 3",
            "min_value": "The number must be 1 or more",
            "max_value": "The number must be 32767 or less",
        },
    )
    themes = forms.ModelMultipleChoiceField(
        label="Learning themes (optional)",
        queryset=LearningTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The partnership follows each theme across reviews.",
    )

    class Meta:
        model = Recommendation
        fields = ["number", "text", "themes"]
        labels = {"text": "Recommendation"}
        help_texts = {
            "text": "As the report words it. Give months and years, never a full date.",
        }
        error_messages = {"text": {"required": "Enter the recommendation"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recommendation = self.instance
        # Themes no longer in use are not offered, but stay on a recommendation that has them.
        in_use = Q(is_active=True)
        if recommendation.pk:
            in_use |= Q(recommendations=recommendation)
        themes = LearningTheme.objects.filter(in_use).distinct()
        layout = [Field.text("number", field_width=3), Field.textarea("text", rows=6)]
        if themes.exists():
            self.fields["themes"].queryset = themes
            layout.append(Field.checkboxes("themes", legend_size=Size.SMALL, small=True))
        else:
            # Nothing to tick: the page links to the list of themes instead.
            del self.fields["themes"]
        self.helper.layout = Layout(*layout)

    def recommendation_fields(self) -> dict:
        """The fields for services.recommendation_save."""
        data = self.cleaned_data
        return {"number": data["number"], "text": data["text"], "themes": data.get("themes", [])}


class RecommendationActionForm(ActionForm):
    """An action raised from a recommendation: the tracker's own form, less the status (a new
    action has not started)."""

    submit_label = "Raise the action"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class RecommendationFilterForm(FilterForm):
    theme = forms.ModelChoiceField(
        label="Learning theme",
        queryset=LearningTheme.objects.all(),
        required=False,
        empty_label="All themes",
        error_messages={"invalid_choice": "Select a learning theme from the list"},
    )
    kind = forms.ChoiceField(
        label="Made by",
        required=False,
        choices=[("", "All reviews"), (RAPID_REVIEW, "Rapid reviews"), *ReviewKind.choices],
        error_messages={"invalid_choice": "Select a kind of review from the list"},
    )
    complete = forms.BooleanField(label="Include complete recommendations", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Div(
                Div(Field.select("theme"), css_class="govuk-grid-column-one-third"),
                Div(Field.select("kind"), css_class="govuk-grid-column-one-third"),
                Div(
                    Field.checkbox("complete", small=True),
                    css_class="govuk-grid-column-one-third govuk-!-padding-top-6",
                ),
                css_class="govuk-grid-row",
            )
        )

    def apply(self, recommendations):
        """The recommendations that pass the filters. A filter that does not validate (a theme
        since deleted, in a bookmarked link) is shown in error and otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("theme"):
            recommendations = recommendations.filter(themes=data["theme"])
        if data.get("kind") == RAPID_REVIEW:
            recommendations = recommendations.filter(rapid_review__isnull=False)
        elif data.get("kind"):
            recommendations = recommendations.filter(review__kind=data["kind"])
        return recommendations

    def includes_complete(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("complete"))


class LearningThemeForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save theme"

    class Meta:
        model = LearningTheme
        fields = ["name", "is_active"]
        labels = {"name": "Name", "is_active": "In use"}
        help_texts = {
            "name": "For example, “Working with fathers” or “Information sharing”.",
            "is_active": "Themes not in use stay on the recommendations that have them, but "
            "are not offered for new ones.",
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the theme",
                "max_length": "The name must be 100 characters or fewer",
                "unique": "There is already a theme with this name",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name", field_width=30), Field.checkbox("is_active", small=True)
        )

    def theme_fields(self) -> dict:
        return {"name": self.cleaned_data["name"], "is_active": self.cleaned_data["is_active"]}
