from crispy_forms_gds.layout import Field, Layout

from partnership.forms import GovForm
from partnership.uploads import IMPORT_LIMIT, XLSX, YAML, UploadField


class FrameworkImportForm(GovForm):
    submit_label = "Import framework"

    file = UploadField(
        label="Upload a framework file",
        kinds=(YAML, XLSX),
        setting=IMPORT_LIMIT,
        help_text="A YAML file may end .yaml or .yml.",
        error_messages={"required": "Select a YAML or XLSX file"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_format = self.fields["file"].kind(upload).name
        self.content = upload.read()
        if self.file_format == "yaml":
            # The upload check has made sure it decodes.
            self.text = self.content.decode("utf-8-sig")
        return upload
