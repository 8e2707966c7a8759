from pathlib import PurePath

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.template.defaultfilters import filesizeformat

from ..models import Publication, PublicationKind
from ..services import PUBLICATION_FILE_TYPES, publication_file_type
from ..uploads import UploadField
from . import FilterForm, GovForm


def stored_size(file) -> int | None:
    """The size of a stored file, or None if storage has lost it: the page still opens, so
    staff can upload it again."""
    try:
        return file.size
    except OSError:
        return None


class PublicationForm(GovForm):
    """The draft of a publication. Saving it changes nothing the public sees."""

    submit_label = "Save draft"

    kind = forms.ChoiceField(
        label="Kind of publication",
        choices=[("", "Choose a kind"), *PublicationKind.choices],
        error_messages={"required": "Select the kind of publication"},
    )
    title = forms.CharField(
        max_length=300,
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 300 characters or fewer",
        },
    )
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea,
        help_text="One or two sentences, shown in lists and in the email to subscribers.",
    )
    body = forms.CharField(
        label="Body",
        required=False,
        widget=forms.Textarea,
        help_text=(
            "HTML. Paragraphs, headings (h2 to h4), lists, links, quotes and tables are kept. "
            "Anything unsafe, such as scripts, styles and event handlers, is removed when you save,"
            " and GOV.UK styles are added."
        ),
    )
    file = UploadField(label="Upload a file", required=False, kinds=PUBLICATION_FILE_TYPES)
    remove_file = forms.BooleanField(label="Remove the current file", required=False)

    def __init__(self, *args, publication: Publication | None = None, **kwargs):
        if publication is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": publication.kind,
                    "title": publication.title,
                    "summary": publication.summary,
                    "body": publication.body,
                },
            )
        super().__init__(*args, **kwargs)
        self.current_file = publication.file if publication is not None else None
        fields = [
            Field.select("kind"),
            Field.text("title"),
            Field.textarea("summary", rows=3),
            Field.textarea("body", rows=15),
            Field("file"),
        ]
        if self.current_file:
            file_type = publication_file_type(self.current_file.name)
            size = stored_size(self.current_file)
            described = ", ".join(
                filter(None, [file_type and file_type.label, size and filesizeformat(size)])
            )
            self.fields["file"].help_text = (
                f"The draft has a file: {PurePath(self.current_file.name).name}"
                f"{f' ({described})' if described else ''}. Upload a new one to replace it."
                f" {self.fields['file'].help_text}"
            )
            fields.append(Field.checkbox("remove_file", small=True))
        else:
            del self.fields["remove_file"]
        self.helper.layout = Layout(*fields)

    def clean(self):
        cleaned = super().clean()
        keeps_file = bool(self.current_file) and not cleaned.get("remove_file")
        if not cleaned.get("body", "").strip() and not cleaned.get("file") and not keeps_file:
            self.add_error("body", "Enter the body of the publication, or upload a file")
        return cleaned

    def draft_fields(self) -> dict:
        """The fields for services.publication_save, leaving the file alone unless it changed."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("kind", "title", "summary", "body")}
        if data.get("file"):
            fields["file"] = data["file"]
        elif data.get("remove_file"):
            fields["file"] = ""
        return fields


class PublicationFilterForm(FilterForm):
    """The filters on the public list: every field is optional."""

    kind = forms.ChoiceField(
        required=False,
        choices=[("", "All kinds"), *PublicationKind.choices],
        error_messages={"invalid_choice": "Select a kind from the list"},
    )
    year = forms.TypedChoiceField(
        label="Year first published",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a year from the list"},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]
        self.helper.layout = Layout(Field.select("kind"), Field.select("year"))


class SubscribeForm(GovForm):
    submit_label = "Subscribe"

    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to this address. Nothing else is sent until you follow it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    kinds = forms.MultipleChoiceField(
        label="What should we email you about?",
        help_text="Select all that apply.",
        choices=PublicationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one kind of publication"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper.layout = Layout(
            Field.text("email"), Field.checkboxes("kinds", legend_size=Size.MEDIUM)
        )
