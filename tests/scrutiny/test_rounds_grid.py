"""The round's grid of standards × agencies, with the previous round's levels beside this
round's, and its XLSX export."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from partnership.models import AgencyKind
from scrutiny.models import FrameworkPurpose, RatingLevel, TagColour
from scrutiny.services import assessments as assessment_services
from scrutiny.services.rounds import round_grid, round_grid_xlsx

from ..factories import AgencyFactory
from .factories import (
    RatingScaleFactory,
    make_framework,
    rate_every_question,
    section_11_round,
)

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def framework():
    return make_framework(sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11)


@pytest.fixture
def police(agency_a):
    return agency_a


@pytest.fixture
def health(agency_b):
    return agency_b


@pytest.fixture
def council():
    return AgencyFactory(name="London Borough of Thameside", kind=AgencyKind.LOCAL_AUTHORITY)


def submit(assessment, *codes):
    rate_every_question(assessment, *codes)
    return assessment_services.assessment_submit(assessment=assessment, user=None)


def return_of(round, agency):
    return round.returns.get(agency=agency)


def cells(grid, agency):
    """The cells of one agency's column, top to bottom, as (level, status, previous)."""
    column = [a.agency for a in grid.returns].index(agency)
    return [
        (
            cell.level.code if cell.level else None,
            cell.status,
            cell.previous.code if cell.previous else None,
        )
        for section in grid.sections
        for row in section.rows
        for cell in [row.cells[column]]
    ]


def test_rows_are_the_standards_grouped_by_section_and_columns_the_agencies(
    framework, police, health, council
):
    round = section_11_round(agencies=[health, police, council], framework=framework)

    grid = round_grid(round=round)

    assert [(s.section.number, [r.question.number for r in s.rows]) for s in grid.sections] == [
        ("1", ["1.1", "1.2"]),
        ("2", ["2.1", "2.2"]),
    ]
    # The statutory partners first, then the others, each by name.
    assert grid.agencies == [council, police, health]
    assert [level.code for level in grid.levels] == ["green", "amber", "red"]


def test_a_submitted_returns_cells_show_its_levels(framework, police):
    round = section_11_round(agencies=[police], framework=framework)
    submit(return_of(round, police), "green", "amber", "red")

    assert cells(round_grid(round=round), police) == [
        ("green", "", None),
        ("amber", "", None),
        ("red", "", None),
        ("red", "", None),
    ]


def test_an_accepted_returns_cells_show_its_levels(framework, police):
    round = section_11_round(agencies=[police], framework=framework)
    assessment_services.assessment_accept(assessment=submit(return_of(round, police), "amber"))

    assert [level for level, _, _ in cells(round_grid(round=round), police)] == ["amber"] * 4


def test_a_return_not_yet_submitted_shows_its_status_not_its_draft_levels(
    framework, police, health
):
    round = section_11_round(agencies=[police, health], framework=framework)
    rate_every_question(return_of(round, police), "red")  # rated, but still a draft
    returned = submit(return_of(round, health), "green")
    assessment_services.assessment_return(assessment=returned, comment="Show the audit")

    grid = round_grid(round=round)

    assert cells(grid, police) == [(None, "Not submitted", None)] * 4
    assert cells(grid, health) == [(None, "Returned", None)] * 4


def test_beside_each_level_is_the_one_the_agency_gave_in_the_previous_round(
    framework, police, health, council
):
    earlier = section_11_round(
        agencies=[police, health], framework=framework, deadline=days_from_today(-365)
    )
    assessment_services.assessment_accept(
        assessment=submit(return_of(earlier, police), "red", "amber")
    )
    submit(return_of(earlier, health), "green")  # submitted, never accepted: still counts
    round = section_11_round(agencies=[police, health, council], framework=framework)
    submit(return_of(round, police), "green")

    grid = round_grid(round=round)

    assert grid.previous_round == earlier
    assert cells(grid, police) == [
        ("green", "", "red"),
        ("green", "", "amber"),
        ("green", "", "amber"),
        ("green", "", "amber"),
    ]
    assert cells(grid, health) == [(None, "Not submitted", "green")] * 4
    # The council was not asked last time: nothing to compare with.
    assert cells(grid, council) == [(None, "Not submitted", None)] * 4


def test_a_draft_in_the_previous_round_is_not_shown_as_a_previous_level(framework, police):
    earlier = section_11_round(agencies=[police], framework=framework, deadline=days_from_today(-9))
    rate_every_question(return_of(earlier, police), "red")
    round = section_11_round(agencies=[police], framework=framework)

    assert cells(round_grid(round=round), police) == [(None, "Not submitted", None)] * 4


def test_the_previous_round_is_the_one_just_before_not_an_older_or_later_one(framework, police):
    oldest = section_11_round(
        agencies=[police], framework=framework, deadline=days_from_today(-700)
    )
    submit(return_of(oldest, police), "red")
    before = section_11_round(
        agencies=[police], framework=framework, deadline=days_from_today(-300)
    )
    submit(return_of(before, police), "amber")
    round = section_11_round(agencies=[police], framework=framework, deadline=days_from_today(30))
    later = section_11_round(agencies=[police], framework=framework, deadline=days_from_today(400))
    submit(return_of(later, police), "green")

    grid = round_grid(round=round)

    assert grid.previous_round == before
    assert {previous for _, _, previous in cells(grid, police)} == {"amber"}
    assert round_grid(round=oldest).previous_round is None


def test_a_new_version_of_the_framework_compares_by_section_and_question_number(police):
    first = make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, slug="s11", version=1
    )
    second = make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, slug="s11", version=2
    )
    earlier = section_11_round(agencies=[police], framework=first, deadline=days_from_today(-300))
    submit(return_of(earlier, police), "red", "green", "amber", "red")
    round = section_11_round(agencies=[police], framework=second)

    previous = [p for _, _, p in cells(round_grid(round=round), police)]

    assert previous == ["red", "green", "amber", "red"]


def test_the_grid_takes_the_same_queries_whatever_its_size(
    framework, police, django_assert_num_queries
):
    def grid_of(count):
        agencies = [police] + [AgencyFactory(name=f"Trust {count}-{n}") for n in range(count - 1)]
        earlier = section_11_round(
            agencies=agencies, framework=framework, deadline=days_from_today(-count * 100)
        )
        for assessment in earlier.returns.all():
            submit(assessment, "amber")
        round = section_11_round(
            agencies=agencies, framework=framework, deadline=days_from_today(count * 100)
        )
        for assessment in round.returns.all()[: count // 2]:
            submit(assessment, "green")
        return round

    small, large = grid_of(2), grid_of(30)

    with django_assert_num_queries(6):
        grid = round_grid(round=small)
    assert len(grid.agencies) == 2
    with django_assert_num_queries(6):
        grid = round_grid(round=large)
    assert len(grid.agencies) == 30


# The spreadsheet


def workbook_of(round):
    return load_workbook(io.BytesIO(round_grid_xlsx(round=round)))


def row_values(sheet, row):
    return [cell.value for cell in sheet[row]]


def fill(cell):
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def test_the_spreadsheet_has_a_row_per_standard_and_two_columns_per_agency(
    framework, police, health
):
    earlier = section_11_round(
        agencies=[police], framework=framework, deadline=days_from_today(-300)
    )
    submit(return_of(earlier, police), "amber")
    round = section_11_round(agencies=[police, health], framework=framework)
    submit(return_of(round, police), "green", "red")

    sheet = workbook_of(round)["Grid"]

    assert row_values(sheet, 1) == [
        "Section",
        "Number",
        "Standard",
        police.name,
        f"{police.name}: previous round",
        health.name,
        f"{health.name}: previous round",
    ]
    assert row_values(sheet, 2) == [
        "1 Step 1",
        "1.1",
        "Key line of enquiry 1.1?",
        "Green",
        "Amber",
        "Not submitted",
        "None",
    ]
    assert row_values(sheet, 3)[3:5] == ["Red", "Amber"]
    assert sheet.max_row == 5


def test_each_level_is_written_as_its_label_on_its_colour(framework, police):
    round = section_11_round(agencies=[police], framework=framework)
    submit(return_of(round, police), "green", "amber", "red")

    sheet = workbook_of(round)["Grid"]

    assert [(sheet.cell(row, 4).value, fill(sheet.cell(row, 4))) for row in (2, 3, 4)] == [
        ("Green", "CCE2D8"),
        ("Amber", "FCD6C3"),  # the RAG scale shows amber as GOV.UK's orange tag
        ("Red", "F4CDC6"),
    ]
    # Without a previous round there is nothing to compare with, and no colour.
    assert (sheet.cell(2, 5).value, fill(sheet.cell(2, 5))) == (None, None)


def test_a_scale_of_four_levels_is_written_with_its_own_labels_and_colours(police):
    scale = RatingScaleFactory(name="Four points")
    for position, (code, label, colour) in enumerate(
        [
            ("outstanding", "Outstanding", TagColour.BLUE),
            ("good", "Good", TagColour.GREEN),
            ("requires", "Requires improvement", TagColour.YELLOW),
            ("inadequate", "Inadequate", TagColour.RED),
        ],
        start=1,
    ):
        RatingLevel.objects.create(
            scale=scale, code=code, label=label, colour=colour, position=position, definition="."
        )
    framework = make_framework(
        sections=1, questions=4, purpose=FrameworkPurpose.SECTION_11, scale=scale
    )
    round = section_11_round(agencies=[police], framework=framework)
    submit(return_of(round, police), "outstanding", "good", "requires", "inadequate")

    workbook = workbook_of(round)

    grid = workbook["Grid"]
    assert [(grid.cell(row, 4).value, fill(grid.cell(row, 4))) for row in (2, 3, 4, 5)] == [
        ("Outstanding", "BBD4EA"),
        ("Good", "CCE2D8"),
        ("Requires improvement", "FFF7BF"),
        ("Inadequate", "F4CDC6"),
    ]
    key = workbook["Key"]
    assert [key.cell(row, 1).value for row in range(7, 11)] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(framework):
    risky = AgencyFactory(name='=HYPERLINK("http://evil.example","Click")', kind=AgencyKind.OTHER)
    round = section_11_round(agencies=[risky], framework=framework, name="+Round\x07 one")

    workbook = workbook_of(round)

    assert workbook["Grid"].cell(1, 4).value == "'" + risky.name
    assert workbook["Grid"].cell(1, 4).data_type == "s"
    assert workbook["Key"].cell(1, 2).value == "'+Round one"
