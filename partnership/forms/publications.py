from pathlib import PurePath

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.template.defaultfilters import filesizeformat

from ..models import Publication, PublicationKind
from ..services import PUBLICATION_FILE_TYPES, publication_file_type
from . import FilterForm, GovForm

MAX_FILE_BYTES = 20 * 1024 * 1024
_LABELS = [file_type.label for file_type in PUBLICATION_FILE_TYPES.values()]
ALLOWED = f"{', '.join(_LABELS[:-1])} or {_LABELS[-1]}"  # "PDF, DOCX, XLSX or ODT"


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
    file = forms.FileField(
        label="Upload a file",
        required=False,
        widget=forms.FileInput,
        help_text=f"A {ALLOWED} file, up to 20 MB.",
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded: try again",
        },
    )
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

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        file_type = publication_file_type(upload.name)
        if file_type is None:
            raise forms.ValidationError(f"The selected file must be a {ALLOWED}", code="type")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20 MB", code="size")
        upload.seek(0)
        start = upload.read(len(file_type.signature))
        upload.seek(0)
        # The browser's content type and the file's first bytes must both agree with the name:
        # a renamed file is turned away before the public can download it.
        if upload.content_type != file_type.content_type or start != file_type.signature:
            raise forms.ValidationError(
                f"The selected file is not a real {file_type.label} file: save it again as a"
                f" {file_type.label} and upload it",
                code="content",
            )
        return upload

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
