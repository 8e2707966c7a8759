"""Exporting a framework as YAML or a spreadsheet: what is exported imports again, as the next
version, with the same content."""

import io

import openpyxl
import pytest

from scrutiny.services.frameworks import (
    framework_export_xlsx,
    framework_export_yaml,
    framework_import_xlsx,
    framework_import_yaml,
    framework_load_shipped,
)

from .test_frameworks_import import GOOD

pytestmark = pytest.mark.django_db


def content(framework) -> dict:
    """Everything a framework says, without what tells two versions apart."""
    return {
        "slug": framework.slug,
        "name": framework.name,
        "purpose": framework.purpose,
        "description": framework.description,
        "scale": framework.scale_id,
        "sections": [
            (
                section.number,
                section.title,
                section.guidance,
                section.position,
                [(q.number, q.text, q.guidance, q.position) for q in section.questions.all()],
            )
            for section in framework.sections.all()
        ],
    }


def next_version_of_workbook(exported: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(exported))
    for key, value in book["framework"].iter_rows(min_row=2):
        if key.value == "version":
            value.value = int(value.value) + 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def framework():
    return framework_import_yaml(text=GOOD)


@pytest.fixture
def awkward(framework):
    """Wording that trips naive files: a leading "=", a line break, a colon, a quote mark."""
    question = framework.sections.get(number="1").questions.get(number="1.1")
    question.text = "=SUM(A1) is text here: not a formula"
    question.guidance = 'Look for "evidence".\nThen more on a second line.'
    question.save()
    return framework


def test_yaml_exported_then_imported_as_the_next_version_has_the_same_content(awkward):
    text = framework_export_yaml(awkward)
    again = framework_import_yaml(text=text.replace("\nversion: 1\n", "\nversion: 2\n"))

    assert again.version == 2
    assert content(again) == content(awkward)


def test_a_spreadsheet_exported_then_imported_as_the_next_version_has_the_same_content(awkward):
    exported = framework_export_xlsx(awkward)
    again = framework_import_xlsx(content=next_version_of_workbook(exported))

    assert again.version == 2
    assert content(again) == content(awkward)


def test_the_yaml_export_reads_like_the_shipped_files(framework):
    text = framework_export_yaml(framework)

    assert text.startswith("# Neglect toolkit audit, version 1, exported from the portal.\n")
    assert "\nslug: neglect-audit\nversion: 1\n" in text
    assert "\nsections:\n  - number: '1'\n    title: Knowing the toolkit\n" in text
    assert "      - number: '1.10'\n" in text


def test_the_spreadsheet_has_the_three_sheets_with_their_columns(framework):
    book = openpyxl.load_workbook(io.BytesIO(framework_export_xlsx(framework)))

    assert book.sheetnames == ["framework", "scale", "questions"]
    rows = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    assert rows["framework"][0] == ("key", "value")
    assert ("scale", "Four points") in rows["framework"]
    assert rows["scale"][0] == ("code", "label", "definition", "colour", "position")
    assert len(rows["scale"]) == 1 + 4
    assert rows["questions"][0] == (
        "section number",
        "section title",
        "section guidance",
        "question number",
        "question text",
        "question guidance",
    )
    # Numbers go out as text, so 1.10 is not read back as 1.1.
    assert rows["questions"][2][3] == "1.10"


def test_a_text_that_looks_like_a_formula_is_written_as_text(awkward):
    book = openpyxl.load_workbook(io.BytesIO(framework_export_xlsx(awkward)))

    cell = book["questions"]["E2"]
    assert cell.value == "=SUM(A1) is text here: not a formula"
    assert cell.data_type == "s"


@pytest.mark.parametrize("export", ["yaml", "xlsx"])
def test_the_shipped_frameworks_survive_a_round_trip(export):
    for shipped in framework_load_shipped():
        if export == "yaml":
            text = framework_export_yaml(shipped).replace("\nversion: 1\n", "\nversion: 2\n")
            again = framework_import_yaml(text=text)
        else:
            again = framework_import_xlsx(
                content=next_version_of_workbook(framework_export_xlsx(shipped))
            )
        assert content(again) == content(shipped)
