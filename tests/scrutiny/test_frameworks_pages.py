"""The frameworks pages: the list, a framework, the import page and the downloads, as each
role sees them."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.models import Framework, FrameworkPurpose, Question, RatingScale, Section
from scrutiny.services.frameworks import framework_load_shipped

from ..upload_checks import EXE_BYTES, OVER_1_MB, PNG_BYTES, assert_refused, stored_files
from .factories import make_framework
from .test_frameworks_export import next_version_of_workbook
from .test_frameworks_import import GOOD, counts, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    return {framework.slug: framework for framework in framework_load_shipped()}


@pytest.fixture
def checklist(shipped):
    return shipped["six-step-checklist"]


@pytest.fixture
def standards(shipped):
    return shipped["section-11-standards"]


def signed_in(client, user):
    client.force_login(user)
    return client


def upload(client, content: bytes, name: str):
    return client.post(
        reverse("scrutiny:framework_import"), {"file": SimpleUploadedFile(name, content)}
    )


# The list


def test_the_list_shows_each_version_with_its_purpose_questions_and_scale(
    client, scrutineer, shipped
):
    framework_load_shipped()
    newer = make_framework(
        sections=1,
        questions=2,
        slug="six-step-checklist",
        version=2,
        name="Six steps for independent scrutiny",
    )

    page = signed_in(client, scrutineer).get(reverse("scrutiny:frameworks")).content.decode()

    assert "3 framework versions" in page
    assert "Section 11 standards<span" in page
    assert "Independent scrutiny checklist" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">24</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    assert reverse("scrutiny:framework", kwargs={"pk": newer.pk}) in page
    assert page.count(">Superseded</strong>") == 1
    assert page.count(">Latest</strong>") == 2
    assert '<td class="govuk-table__cell">RAG</td>' in page
    # Only the business unit imports.
    assert reverse("scrutiny:framework_import") not in page


def test_the_business_unit_is_offered_the_import(client, business_unit):
    page = signed_in(client, business_unit).get(reverse("scrutiny:frameworks")).content.decode()

    assert reverse("scrutiny:framework_import") in page
    assert "No frameworks are loaded yet" in page


def test_the_list_runs_the_same_queries_however_many_frameworks(
    client, partner_lead, django_assert_num_queries
):
    signed_in(client, partner_lead)
    client.get(reverse("scrutiny:frameworks"))  # the first request after sign-in stamps the session
    for n in range(2):
        make_framework(sections=2, questions=2, slug=f"framework-{n}")

    # Session, user, the second factor's device, the paginator's count, the page of frameworks, then
    # the session saved inside a savepoint: eight, at any size.
    with django_assert_num_queries(8):
        client.get(reverse("scrutiny:frameworks"))
    for n in range(2, 30):
        make_framework(sections=2, questions=2, slug=f"framework-{n}")
    with django_assert_num_queries(8):
        response = client.get(reverse("scrutiny:frameworks"))

    assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("scrutineer", 200),
        ("partner_lead", 200),
        ("agency_lead_a", 403),
        ("practitioner", 403),
    ],
)
def test_the_list_is_for_staff_roles(client, cast, who, status):
    response = signed_in(client, cast[who]).get(reverse("scrutiny:frameworks"))

    assert response.status_code == status


# A framework


def test_a_framework_shows_its_scale_as_tags_with_text_and_its_questions_with_guidance(
    client, partner_lead, checklist
):
    url = reverse("scrutiny:framework", kwargs={"pk": checklist.pk})

    page = signed_in(client, partner_lead).get(url).content.decode()

    assert '<h1 class="govuk-heading-l">Six steps for independent scrutiny</h1>' in page
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert "Can be answered positively, with evidence to show it." in page
    assert "1. Partnership leadership" in page
    assert "6. Multi-agency training and workforce development" in page
    question = Question.objects.get(section__framework=checklist, number="4.1")
    assert question.text in page
    assert f"Evidence: {question.guidance}" in page
    assert "6 sections, 24 questions" in page
    assert "?format=xlsx" in page


def test_a_framework_page_reads_the_scale_it_has_not_three_levels(client, scrutineer):
    framework = make_framework(sections=1, questions=1)
    levels = framework.scale.levels.all()
    four = levels[0]
    four.pk, four.code, four.label, four.position = None, "extra", "Fourth level", 4
    four.save()

    page = (
        signed_in(client, scrutineer)
        .get(reverse("scrutiny:framework", kwargs={"pk": framework.pk}))
        .content.decode()
    )

    assert page.count('<strong class="govuk-tag') == 4
    assert ">Fourth level</strong>" in page


def test_an_agency_lead_may_read_the_section_11_standards(client, agency_lead_a, standards):
    url = reverse("scrutiny:framework", kwargs={"pk": standards.pk})

    response = signed_in(client, agency_lead_a).get(url)

    assert response.status_code == 200
    assert "The voice of the child" in response.content.decode()
    # Their breadcrumbs do not lead to the list, which is not theirs.
    assert f'href="{reverse("scrutiny:frameworks")}"' not in response.content.decode()


def test_an_agency_lead_cannot_see_the_scrutineers_checklist(client, agency_lead_b, checklist):
    url = reverse("scrutiny:framework", kwargs={"pk": checklist.pk})

    assert signed_in(client, agency_lead_b).get(url).status_code == 404


def test_a_practitioner_cannot_read_any_framework(client, practitioner, standards):
    url = reverse("scrutiny:framework", kwargs={"pk": standards.pk})

    assert signed_in(client, practitioner).get(url).status_code == 403


# Downloads


def test_the_yaml_download_is_the_framework_as_a_file(client, scrutineer, checklist):
    url = reverse("scrutiny:framework_export", kwargs={"pk": checklist.pk})

    response = signed_in(client, scrutineer).get(url, {"format": "yaml"})

    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="six-step-checklist-version-1.yaml"'
    )
    assert "\nslug: six-step-checklist\n" in response.content.decode()


def test_the_spreadsheet_download_is_a_workbook(client, business_unit, checklist):
    url = reverse("scrutiny:framework_export", kwargs={"pk": checklist.pk})

    response = signed_in(client, business_unit).get(url, {"format": "xlsx"})

    assert response["Content-Disposition"].endswith('six-step-checklist-version-1.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["framework", "scale", "questions"]
    assert book["questions"].max_row == 1 + 24


def test_an_unknown_download_format_is_not_found(client, business_unit, checklist):
    url = reverse("scrutiny:framework_export", kwargs={"pk": checklist.pk})

    assert signed_in(client, business_unit).get(url, {"format": "pdf"}).status_code == 404


def test_an_agency_lead_may_download_only_the_section_11_standards(
    client, agency_lead_a, standards, checklist
):
    signed_in(client, agency_lead_a)

    mine = client.get(reverse("scrutiny:framework_export", kwargs={"pk": standards.pk}))
    other = client.get(reverse("scrutiny:framework_export", kwargs={"pk": checklist.pk}))

    assert mine.status_code == 200
    assert other.status_code == 404


# Importing


def test_a_good_yaml_upload_imports_and_shows_the_framework(client, business_unit):
    response = upload(signed_in(client, business_unit), GOOD.encode(), "neglect.yaml")

    framework = Framework.objects.get(slug="neglect-audit")
    assert response["Location"] == reverse("scrutiny:framework", kwargs={"pk": framework.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Neglect toolkit audit version 1 imported: 2 sections, 3 questions." in page


def test_a_good_spreadsheet_upload_imports(client, business_unit, checklist):
    signed_in(client, business_unit)
    exported = client.get(
        reverse("scrutiny:framework_export", kwargs={"pk": checklist.pk}), {"format": "xlsx"}
    ).content

    response = upload(client, next_version_of_workbook(exported), "checklist.xlsx")

    framework = Framework.objects.get(slug="six-step-checklist", version=2)
    assert response["Location"] == reverse("scrutiny:framework", kwargs={"pk": framework.pk})
    assert Section.objects.filter(framework=framework).count() == 6


def test_a_bad_upload_lists_every_problem_and_saves_nothing(client, business_unit):
    text = (
        GOOD.replace("purpose: audit", "purpose: inspection")
        .replace("colour: yellow", "colour: amber")
        .replace('- number: "2.1"', '- number: "1.1"')
    )
    before = counts()

    response = upload(signed_in(client, business_unit), text.encode(), "neglect.yaml")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Import a framework" in page
    assert "govuk-error-summary" in page
    assert "Nothing has been imported" in page
    for problem in [
        "Line 4: purpose must be one of checklist, section_11, audit, not “inspection”",
        "Line 25: scale level “some” has an unknown colour “amber”",
        "Line 45: question number 1.1 is used twice (first at line 37)",
    ]:
        assert problem in page, problem
    assert counts() == before


def test_a_spreadsheet_missing_a_sheet_is_named_on_the_page(client, business_unit):
    before = counts()

    response = upload(
        signed_in(client, business_unit), workbook(leave_out=("questions",)), "audit.xlsx"
    )

    assert "The workbook has no sheet called “questions”" in response.content.decode()
    assert counts() == before


WRONG_TYPE = "The selected file must be a YAML or XLSX"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (GOOD.encode(), "neglect.txt", WRONG_TYPE),
        (PNG_BYTES, "neglect.yaml", WRONG_TYPE),
        (EXE_BYTES, "neglect.xlsx", WRONG_TYPE),
        ("slug: café".encode("latin-1"), "neglect.yaml", "The selected file must be saved as UTF-8 text"),
        (b"", "neglect.yaml", "The selected file is empty"),
        (GOOD.encode() + b"#" * OVER_1_MB, "neglect.yml", "The selected file must be smaller than 1 MB"),
    ],
    ids=["wrong type", "image named yaml", "executable named xlsx", "not utf-8", "empty",
         "too big"],
)  # fmt: skip
def test_the_upload_must_be_a_yaml_or_xlsx_file_and_a_bad_one_saves_nothing(
    client, business_unit, settings, content, name, message
):
    settings.IMPORT_MAX_MB = 1

    response = upload(signed_in(client, business_unit), content, name)

    assert_refused(response, message)
    assert not RatingScale.objects.exists()
    assert not Framework.objects.exists()
    assert stored_files(settings) == []


def test_nothing_uploaded_asks_for_a_file(client, business_unit):
    response = signed_in(client, business_unit).post(reverse("scrutiny:framework_import"))

    assert response.context["form"].errors == {"file": ["Select a YAML or XLSX file"]}


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_only_the_business_unit_imports(client, cast, who):
    response = upload(signed_in(client, cast[who]), GOOD.encode(), "neglect.yaml")

    assert response.status_code == 403
    assert not Framework.objects.filter(purpose=FrameworkPurpose.AUDIT).exists()
