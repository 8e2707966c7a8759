from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from partnership.forms import GovForm

from ..models import Respondent

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(question: str, missing: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=question,
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": missing},
    )


class EvaluationForm(GovForm):
    submit_label = "Send your evaluation"

    objectives_met = _yes_no(
        "Were the course’s learning objectives met?",
        "Select yes if the learning objectives were met",
    )
    equipped = _yes_no(
        "Do you feel better equipped for your work?",
        "Select yes if you feel better equipped for your work",
    )
    would_recommend = _yes_no(
        "Would you recommend this course to a colleague?",
        "Select yes if you would recommend this course to a colleague",
    )
    comments = forms.CharField(
        label="Comments (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What worked well, and what could be better.",
        error_messages={"max_length": "Comments must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *(
                Field.radios(name, legend_size=Size.SMALL)
                for name in ("objectives_met", "equipped", "would_recommend")
            ),
            Field("comments"),
        )


class ImpactForm(GovForm):
    submit_label = "Send your answer"

    practice_change = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter what has changed in practice since the course",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )
    may_quote = forms.BooleanField(
        label="The partnership may quote this answer, without any name, in its reports",
        required=False,
    )

    def __init__(self, *args, respondent: str, attendee_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["practice_change"]
        if respondent == Respondent.LINE_MANAGER:
            field.label = f"What has changed in {attendee_name}’s practice since the course?"
            field.help_text = (
                "For example, how they work with families or other agencies, or what they "
                "have shared with your team."
            )
        else:
            field.label = "What have you done differently in your work since the course?"
            field.help_text = (
                "For example, a concern you recognised, a referral you made, or something you "
                "shared with colleagues."
            )
