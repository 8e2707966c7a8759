from crispy_forms_gds.layout import Field, Layout
from django import forms

from partnership.forms import GovForm

# A framework of a few hundred questions is tens of kilobytes; anything near this is not one.
MAX_FRAMEWORK_BYTES = 1024 * 1024
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


class FrameworkImportForm(GovForm):
    submit_label = "Import framework"

    file = forms.FileField(
        label="Upload a framework file",
        help_text="A YAML (.yaml or .yml) or Excel (.xlsx) file of no more than 1 MB.",
        error_messages={
            "required": "Select a YAML or XLSX file",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError("The selected file must be a YAML or XLSX file")
        if upload.size > MAX_FRAMEWORK_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1 MB")
        self.file_format = FORMATS[suffix]
        content = upload.read()
        if self.file_format == "yaml":
            try:
                self.text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "The selected file is not UTF-8 text: save it as UTF-8 and try again"
                ) from None
        self.content = content
        return upload
