"""Importing a framework from YAML or a spreadsheet: a good file loads whole; a bad one names
every fault, where it is, and changes nothing."""

import io

import openpyxl
import pytest

from scrutiny.models import (
    Framework,
    FrameworkPurpose,
    Question,
    RatingLevel,
    RatingScale,
    Section,
    TagColour,
)
from scrutiny.services import frameworks as framework_services
from scrutiny.services.frameworks import (
    FrameworkFileError,
    framework_import_xlsx,
    framework_import_yaml,
)

pytestmark = pytest.mark.django_db

GOOD = """\
slug: neglect-audit
version: 1
name: Neglect toolkit audit
purpose: audit
description: |
  How well agencies use the neglect toolkit.

  Second paragraph.
scale:
  name: Four points
  levels:
    - code: strong
      label: Strong
      definition: Used every time, with evidence.
      colour: green
      position: 1
    - code: good
      label: Good
      definition: Mostly used.
      colour: blue
      position: 2
    - code: some
      label: Some
      definition: Used now and then.
      colour: yellow
      position: 3
    - code: weak
      label: Weak
      definition: Not used.
      colour: red
      position: 4
sections:
  - number: "1"
    title: Knowing the toolkit
    guidance: Whether staff know it exists.
    questions:
      - number: "1.1"
        text: Staff know where to find the toolkit.
        guidance: Survey results.
      - number: 1.10
        text: Staff have been trained to use it.
  - number: "2"
    title: Using the toolkit
    questions:
      - number: "2.1"
        text: The toolkit is used in assessments.
        guidance: Case audits.
"""


def counts():
    return tuple(
        model.objects.count() for model in (Framework, Section, Question, RatingScale, RatingLevel)
    )


def problems_of(text: str) -> list[str]:
    before = counts()
    with pytest.raises(FrameworkFileError) as raised:
        framework_import_yaml(text=text)
    assert counts() == before
    return raised.value.problems


def workbook(framework=None, scale=None, questions=None, *, leave_out=()) -> bytes:
    """A spreadsheet in the import format, from lists of rows (the header row first)."""
    sheets = {
        "framework": framework
        or [
            ["key", "value"],
            ["slug", "neglect-audit"],
            ["version", 1],
            ["name", "Neglect toolkit audit"],
            ["purpose", "audit"],
            ["description", "How well agencies use the neglect toolkit."],
            ["scale", "Yes or no"],
        ],
        "scale": scale
        or [
            ["code", "label", "definition", "colour", "position"],
            ["yes", "Yes", "It is in place.", "green", 1],
            ["no", "No", "It is not.", "grey", 2],
        ],
        "questions": questions
        or [
            [
                "Section number",
                "Section title",
                "Section guidance",
                "Question number",
                "Question text",
                "Question guidance",
            ],
            ["1", "Knowing the toolkit", "Whether staff know it.", "1.1", "Staff know it.", "A"],
            ["1", "", "", "1.2", "Staff are trained.", ""],
            [None, None, None, None, None, None],
            ["2", "Using the toolkit", "", "2.1", "It is used.", "Audits."],
        ],
    }
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        if name in leave_out:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# A good file


def test_a_good_yaml_file_loads_the_framework_its_scale_sections_and_questions():
    framework = framework_import_yaml(text=GOOD)

    assert (framework.slug, framework.version, framework.name) == (
        "neglect-audit",
        1,
        "Neglect toolkit audit",
    )
    assert framework.purpose == FrameworkPurpose.AUDIT
    assert (
        framework.description == "How well agencies use the neglect toolkit.\n\nSecond paragraph."
    )
    assert framework.scale.name == "Four points"
    assert [(lv.code, lv.colour, lv.position) for lv in framework.scale.levels.all()] == [
        ("strong", TagColour.GREEN, 1),
        ("good", TagColour.BLUE, 2),
        ("some", TagColour.YELLOW, 3),
        ("weak", TagColour.RED, 4),
    ]
    sections = list(framework.sections.all())
    assert [(s.number, s.title, s.guidance, s.position) for s in sections] == [
        ("1", "Knowing the toolkit", "Whether staff know it exists.", 1),
        ("2", "Using the toolkit", "", 2),
    ]
    assert [(q.number, q.text, q.guidance) for q in sections[0].questions.all()] == [
        ("1.1", "Staff know where to find the toolkit.", "Survey results."),
        ("1.10", "Staff have been trained to use it.", ""),
    ]


def test_a_number_is_kept_as_written_even_unquoted():
    framework = framework_import_yaml(text=GOOD)

    # YAML alone would read 1.10 as the number 1.1.
    assert Question.objects.filter(section__framework=framework, number="1.10").exists()


def test_a_scale_with_the_same_name_and_levels_is_reused():
    first = framework_import_yaml(text=GOOD)
    second = framework_import_yaml(text=GOOD.replace("version: 1", "version: 2"))

    assert second.scale == first.scale
    assert RatingScale.objects.count() == 1
    assert RatingLevel.objects.count() == 4


def test_a_good_spreadsheet_loads_the_framework():
    framework = framework_import_xlsx(content=workbook())

    assert (framework.slug, framework.version, framework.purpose) == ("neglect-audit", 1, "audit")
    assert framework.scale.name == "Yes or no"
    assert [lv.code for lv in framework.scale.levels.all()] == ["yes", "no"]
    sections = list(framework.sections.all())
    assert [(s.number, s.title, s.guidance) for s in sections] == [
        ("1", "Knowing the toolkit", "Whether staff know it."),
        ("2", "Using the toolkit", ""),
    ]
    assert [(q.number, q.text, q.guidance) for q in sections[0].questions.all()] == [
        ("1.1", "Staff know it.", "A"),
        ("1.2", "Staff are trained.", ""),
    ]


# Malformed YAML: each fault named, nothing changed


def test_bad_yaml_syntax_is_named_with_its_line_and_column():
    text = GOOD.replace("name: Neglect toolkit audit", "name: Neglect: toolkit: audit")

    assert problems_of(text) == [
        "Not valid YAML: mapping values are not allowed here (line 3, column 14)"
    ]


def test_a_missing_key_is_named():
    text = GOOD.replace("name: Neglect toolkit audit\n", "")

    assert problems_of(text) == ["Line 1: the framework has no name"]


def test_an_unknown_purpose_is_named_with_the_choices():
    text = GOOD.replace("purpose: audit", "purpose: inspection")

    assert problems_of(text) == [
        "Line 4: purpose must be one of checklist, section_11, audit, not “inspection”"
    ]


def test_a_duplicate_question_number_is_named_with_both_lines():
    text = GOOD.replace('- number: "2.1"', '- number: "1.1"')

    assert problems_of(text) == ["Line 45: question number 1.1 is used twice (first at line 37)"]


def test_an_empty_section_is_named():
    text = GOOD.replace(
        """    questions:
      - number: "2.1"
        text: The toolkit is used in assessments.
        guidance: Case audits.
""",
        "",
    )

    assert problems_of(text) == ["Line 42: section 2 has no questions"]


def test_an_empty_list_of_questions_is_named_too():
    text = GOOD.replace(
        """    questions:
      - number: "2.1"
        text: The toolkit is used in assessments.
        guidance: Case audits.
""",
        "    questions: []\n",
    )

    assert problems_of(text) == ["Line 44: section 2 has no questions"]


def test_an_unknown_colour_is_named_with_the_colours_to_use():
    text = GOOD.replace("colour: yellow", "colour: amber")

    assert problems_of(text) == [
        "Line 25: scale level “some” has an unknown colour “amber”: use green, yellow, "
        "orange, red, blue or grey"
    ]


def test_a_level_without_a_colour_is_named():
    text = GOOD.replace("      colour: yellow\n", "")

    assert problems_of(text) == ["Line 22: scale level “some” has no colour"]


def test_a_slug_and_version_already_loaded_is_refused():
    framework_import_yaml(text=GOOD)

    assert problems_of(GOOD) == [
        "Line 2: version 1 of neglect-audit is already loaded: raise the version number"
    ]


def test_a_scale_name_already_used_for_other_levels_is_refused():
    framework_import_yaml(text=GOOD)
    text = GOOD.replace("version: 1", "version: 2").replace("Mostly used.", "Often used.")

    assert problems_of(text) == [
        "Line 10: a scale called “Four points” is already loaded with different levels "
        "(level “good” has a different definition): give this scale another name, or use "
        "the loaded levels"
    ]


def test_every_fault_in_a_file_is_listed_in_file_order():
    text = (
        GOOD.replace("version: 1", "version: first")
        .replace("purpose: audit", "purpose: inspection")
        .replace("colour: yellow", "colour: amber")
        .replace("title: Using the toolkit", "titel: Using the toolkit")
        .replace('- number: "2.1"', '- number: "1.1"')
    )

    assert problems_of(text) == [
        "Line 2: the version of the framework must be a whole number from 1, such as 1, "
        "not “first”",
        "Line 4: purpose must be one of checklist, section_11, audit, not “inspection”",
        "Line 25: scale level “some” has an unknown colour “amber”: use green, yellow, "
        "orange, red, blue or grey",
        "Line 42: section 2 has no title",
        "Line 43: section 2 has an unknown key “titel”: did you mean title?",
        "Line 45: question number 1.1 is used twice (first at line 37)",
    ]


def test_a_key_given_twice_is_named():
    text = GOOD.replace(
        "        text: The toolkit is used in assessments.\n",
        "        text: The toolkit is used in assessments.\n        text: Again.\n",
    )

    assert problems_of(text) == ["Line 47: text is given twice for question 2.1"]


def test_aliases_are_refused():
    text = GOOD.replace("name: Four points", "name: &scale Four points").replace(
        "title: Using the toolkit", "title: *scale"
    )

    assert problems_of(text) == [
        "Not valid YAML: aliases (*name) are not allowed in a framework file (line 43, column 12)"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "The file is empty: it must give a slug, version, name, purpose, scale and sections"),
        ("- a\n- b\n", "Line 1: the file must be a mapping of keys: slug, version, name, …"),
    ],
    ids=["empty", "a list"],
)
def test_a_file_that_is_not_a_framework_at_all_says_so(text, problem):
    assert problems_of(text) == [problem]


def test_a_lost_race_with_an_identical_import_is_reported_and_rolled_back(monkeypatch):
    framework_import_yaml(text=GOOD)
    # The check passes, as it would for a second import that started at the same moment; the
    # database's unique constraint then refuses it, and the new scale goes with it.
    monkeypatch.setattr(framework_services, "_is_loaded", lambda slug, version: False)
    text = GOOD.replace("name: Four points", "name: Four more points")

    assert problems_of(text) == [
        "version 1 of neglect-audit is already loaded: raise the version number"
    ]
    assert not RatingScale.objects.filter(name="Four more points").exists()


# Malformed spreadsheets


def xlsx_problems_of(content: bytes) -> list[str]:
    before = counts()
    with pytest.raises(FrameworkFileError) as raised:
        framework_import_xlsx(content=content)
    assert counts() == before
    return raised.value.problems


def test_a_workbook_missing_a_sheet_names_it():
    assert xlsx_problems_of(workbook(leave_out=("scale",))) == [
        "The workbook has no sheet called “scale”"
    ]


def test_a_sheet_missing_a_column_names_it():
    scale = [["code", "label", "definition", "position"], ["yes", "Yes", "In place.", 1]]

    assert xlsx_problems_of(workbook(scale=scale)) == [
        "Sheet scale, row 1: there is no “colour” column"
    ]


def test_a_file_that_is_not_a_workbook_says_so():
    assert xlsx_problems_of(b"slug,version\nx,1\n") == [
        "The file could not be read as an Excel (XLSX) workbook: save it as .xlsx and try again"
    ]


def test_spreadsheet_faults_name_the_sheet_row_and_column():
    scale = [
        ["code", "label", "definition", "colour", "position"],
        ["yes", "Yes", "It is in place.", "green", 1],
        ["no", "No", "It is not.", "purple", 2],
    ]
    questions = [
        ["section number", "section title", "question number", "question text"],
        ["1", "Knowing the toolkit", "1.1", "Staff know it."],
        ["1", "Knowing it well", "1.2", "Staff are trained."],
        ["2", "Using the toolkit", "1.1", "It is used."],
        ["3", "Nothing yet", None, None],
    ]

    assert xlsx_problems_of(workbook(scale=scale, questions=questions)) == [
        "Sheet scale, row 3, column colour: scale level “no” has an unknown colour “purple”: "
        "use green, yellow, orange, red, blue or grey",
        "Sheet questions, row 3, column section title: section 1 has a different title on row 2",
        "Sheet questions, row 4, column question number: question number 1.1 is used twice "
        "(first at sheet questions, row 2, column question number)",
        "Sheet questions, row 5: section 3 has no questions",
    ]


def test_faults_on_the_framework_sheet_name_their_row():
    framework = [
        ["key", "value"],
        ["slug", "neglect-audit"],
        ["version", 1],
        ["purpose", "inspection"],
        ["scale", "Yes or no"],
        [None, "An orphan value"],
    ]

    assert xlsx_problems_of(workbook(framework=framework)) == [
        "Sheet framework: the framework has no name",
        "Sheet framework, row 4: purpose must be one of checklist, section_11, audit, "
        "not “inspection”",
        "Sheet framework, row 6: the row has a value but no key",
    ]
