"""Forms for the reviews: the list's filters, the choice of kind, a review of each kind, and
publishing a local CSPR through the partnership's publications."""

from pathlib import PurePath

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Div, Field, Layout, Size
from django import forms

from partnership.forms import FilterForm, GovDateField, GovForm, GovFormMixin
from partnership.forms.publications import PublicationForm
from partnership.models import Body, Publication
from partnership.uploads import DOCX, ODT, PDF

from ..models import STATUSES_OF_KIND, Review, ReviewKind, ReviewStatus

# What each kind of review records, in the order the form asks and the page shows it.
FIELDS_OF_KIND = {
    ReviewKind.CSPR: (
        "title",
        "decided_on",
        "reviewer",
        "terms_of_reference",
        "status",
        "delay_reason",
        "final_report_sent_on",
    ),
    ReviewKind.LEARNING_REVIEW: (
        "title",
        "decided_on",
        "led_by",
        "agreed_with_panel_on",
        "terms_of_reference",
        "status",
        "delay_reason",
    ),
    ReviewKind.EXTERNAL: (
        "title",
        "source",
        "author",
        "source_published_on",
        "link",
        "our_response",
        "status",
    ),
}

KIND_HINTS = {
    ReviewKind.CSPR: "A review the partnership decided to hold after a rapid review. It is "
    "published on the public site within 6 months of the decision.",
    ReviewKind.LEARNING_REVIEW: "A smaller review agreed with the national panel instead of a "
    "full CSPR, often run by a task and finish group.",
    ReviewKind.EXTERNAL: "A national review, or another partnership’s review, that the "
    "partnership responds to.",
}


class ReviewFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label="Kind of review",
        required=False,
        choices=[("", "All kinds"), *ReviewKind.choices],
        error_messages={"invalid_choice": "Select a kind of review from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *ReviewStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Div(
                Div(Field.select("kind"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("status"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            )
        )


class ReviewKindForm(GovForm):
    """The first question of a new review. Sent by GET, so the answer is in the address of the
    form that follows (?kind=cspr) and that form can post back to it."""

    kind = forms.ChoiceField(
        label="What kind of review is it?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of review",
            "invalid_choice": "Select the kind of review",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["kind"].choices = [
            Choice(value, label, hint=KIND_HINTS[value]) for value, label in ReviewKind.choices
        ]
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.LARGE, legend_tag="h1"))


def _date(label: str, noun: str, *, required: bool = False, help_text: str = "") -> GovDateField:
    example = "For example, 2 4 2024"
    return GovDateField(
        label=label if required else f"{label} (optional)",
        noun=noun,
        required=required,
        help_text=f"{help_text} {example}".strip(),
    )


class ReviewForm(GovFormMixin, forms.ModelForm):
    """A review of one kind, with only that kind's fields. The view passes the cleaned data
    to services.review_create or review_edit, which check it again."""

    submit_label = "Save review"

    decided_on = _date(
        "Date of the decision to review",
        "date of the decision to review",
        required=True,
        help_text="A local CSPR is due for publication 6 months after it.",
    )
    final_report_sent_on = _date(
        "Date the final report was sent to the panel",
        "date the final report was sent to the panel",
        help_text="The panel must receive it at least 7 working days before publication.",
    )
    agreed_with_panel_on = _date("Date the panel agreed it", "date the panel agreed it")
    source_published_on = _date("Date it was published", "date it was published")
    link = forms.URLField(
        label="Link to the review (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Where the review is published, like https://www.gov.uk/…",
        error_messages={
            "invalid": "Enter the link in the correct format, like "
            "https://www.gov.uk/government/publications/a-review",
            "max_length": "The link must be 200 characters or fewer",
        },
    )
    led_by = forms.ModelChoiceField(
        label="Led by (optional)",
        queryset=Body.objects.none(),
        required=False,
        empty_label="Not decided yet",
        help_text="The subgroup or task and finish group running it.",
    )

    class Meta:
        model = Review
        fields = sorted({name for names in FIELDS_OF_KIND.values() for name in names})
        labels = {
            "title": "Title",
            "reviewer": "Lead reviewer (optional)",
            "terms_of_reference": "Terms of reference (optional)",
            "status": "Status",
            "delay_reason": "Reason for any delay (optional)",
            "source": "Who is the review from?",
            "author": "Published by (optional)",
            "our_response": "The partnership’s response (optional)",
        }
        help_texts = {
            "title": "Use the child’s pseudonym, like “Child A”, never a name. A published "
            "report takes this title.",
            "reviewer": "The independent reviewer, or who leads the review.",
            "terms_of_reference": "What the review looks at. Give months and years, never a "
            "full date.",
            "delay_reason": "Why it will miss a statutory date, as the panel will be told.",
            "author": "The panel, a government department, or the other partnership.",
            "our_response": "What the partnership will do about the review’s findings.",
        }
        widgets = {"status": forms.RadioSelect, "source": forms.RadioSelect}
        error_messages = {
            "title": {
                "required": "Enter the title of the review",
                "max_length": "The title must be 200 characters or fewer",
            },
            "reviewer": {"max_length": "The lead reviewer must be 200 characters or fewer"},
            "status": {"required": "Select the status of the review"},
            "source": {"required": "Select who published the review"},
            "author": {"max_length": "Who published it must be 200 characters or fewer"},
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = FIELDS_OF_KIND[kind]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        # In the kind's order, so the error summary lists the errors as the page does.
        self.order_fields(wanted)
        if "status" in self.fields:
            if self.instance.status == ReviewStatus.PUBLISHED:
                # Published is reached only by publishing, and left only by publishing again.
                del self.fields["status"]
            else:
                self.fields["status"].choices = [
                    (status.value, status.label)
                    for status in STATUSES_OF_KIND[kind]
                    if status != ReviewStatus.PUBLISHED
                ]
        if "source" in self.fields:
            self.fields["source"].required = True
            self.fields["source"].choices = list(self.fields["source"].choices)[1:]  # no blank
        if "led_by" in self.fields:
            # A body that has closed keeps the review it led, but is not offered for new ones.
            self.fields["led_by"].queryset = Body.objects.filter(
                is_active=True
            ) | Body.objects.filter(pk=self.instance.led_by_id)
        self.helper.layout = Layout(*(self._layout(name) for name in self.fields))

    def _layout(self, name):
        if name in ("status", "source"):
            return Field.radios(name, legend_size=Size.SMALL)
        if name == "led_by":
            return Field.select(name)
        if name in ("terms_of_reference", "our_response"):
            return Field.textarea(name, rows=6)
        if name == "delay_reason":
            return Field.textarea(name, rows=3)
        if name in ("reviewer", "author"):
            return Field.text(name, field_width=30)
        if isinstance(self.fields[name], GovDateField):
            return Field(name)
        return Field.text(name)

    def _post_clean(self):
        super()._post_clean()
        # Review.clean() runs even when a field has failed, and repeats what a required field
        # has said already ("Enter the date of the decision to review"): say it once.
        for errors in self._errors.values():
            kept, seen = [], set()
            for error in errors.as_data():
                if error.message not in seen:
                    seen.add(error.message)
                    kept.append(error)
            errors.data = kept

    def review_fields(self) -> dict:
        """The fields for services.review_create or review_edit."""
        return {name: self.cleaned_data[name] for name in self.fields}


# A CSPR's report is a document: the partnership's spreadsheet type does not apply to it.
REPORT_FILE_TYPES = (PDF, DOCX, ODT)


class ReviewPublishForm(PublicationForm):
    """The public face of a local CSPR: the publication's own form (its file checks among
    them), less what the review decides itself: the kind, and the title, which is the
    review's. The report's file stays when it is published again without a new one."""

    submit_label = "Publish on the public site"

    def __init__(self, *args, publication: Publication | None = None, **kwargs):
        super().__init__(*args, publication=publication, **kwargs)
        for name in ("kind", "title", "remove_file"):
            self.fields.pop(name, None)
        summary = self.fields["summary"]
        summary.required = True
        summary.label = "Summary for the public"
        summary.help_text = (
            "What the review found and what will change, in two or three sentences. It shows "
            "in the list of publications and the email to subscribers."
        )
        summary.error_messages["required"] = "Enter a summary for the public"
        self.fields["file"].kinds = REPORT_FILE_TYPES
        allowed = self.fields["file"].hint()
        self.fields["file"].label = "The report"
        self.fields["file"].help_text = (
            f"The report now is {PurePath(self.current_file.name).name}. Upload a new one to "
            f"replace it, or leave this empty to keep it. {allowed}"
            if self.current_file
            else allowed
        )
        self.fields["body"].label = "Text of the page (optional)"
        self.fields["body"].help_text = (
            "For a report published as text rather than a file. HTML: paragraphs, headings "
            "(h2 to h4), lists, links, quotes and tables are kept; anything unsafe, such as "
            "scripts, is removed."
        )
        self.helper.layout = Layout(
            Field.textarea("summary", rows=3), Field("file"), Field.textarea("body", rows=10)
        )

    def clean(self):
        cleaned = forms.Form.clean(self)
        if (
            not cleaned.get("body", "").strip()
            and not cleaned.get("file")
            and not self.current_file
        ):
            self.add_error("file", "Upload the report, or enter its text")
        return cleaned

    def publish_fields(self) -> dict:
        """The fields for services.review_publish."""
        data = self.cleaned_data
        return {"summary": data["summary"], "body": data["body"], "file": data.get("file") or None}
