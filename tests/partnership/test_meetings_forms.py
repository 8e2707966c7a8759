"""Adding and changing meetings, and adding their papers: business unit only, GOV.UK errors,
and nothing saved when the form is wrong."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import Meeting, MeetingPaper

from ..factories import DOCX_BYTES, PDF_BYTES, BodyFactory, MeetingFactory, office_file
from ..upload_checks import EXE_BYTES, OVER_1_MB, PNG_BYTES, assert_refused, stored_files

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PPTX_BYTES = office_file(f"{PPTX}.main+xml", part_name="/ppt/presentation.xml")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def board(db):
    return BodyFactory(name="Partnership board")


def meeting_data(the_body, **overrides):
    return {
        "body": the_body.pk,
        "held_on_0": "5",
        "held_on_1": "3",
        "held_on_2": "2026",
        "agenda": "Apologies\nNeglect strategy",
        "minutes": "",
        **overrides,
    }


def test_the_business_unit_adds_a_meeting(client, business_unit, board):
    client.force_login(business_unit)

    response = client.post(reverse("portal:meeting_create"), meeting_data(board))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:meeting", kwargs={"pk": meeting.pk})
    assert (meeting.body, meeting.held_on, meeting.minutes_published) == (
        board,
        datetime.date(2026, 3, 5),
        False,
    )


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_other_roles_cannot_add_meetings(client, cast, board, who):
    client.force_login(cast[who])

    response = client.post(reverse("portal:meeting_create"), meeting_data(board))

    assert response.status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": ""}, "Select a body"),
        ({"held_on_0": "", "held_on_1": "", "held_on_2": ""}, "Enter the date of the meeting"),
        ({"held_on_0": "31", "held_on_1": "2"}, "The date of the meeting must be a real date"),
        ({"held_on_0": "x"}, "The date of the meeting must be a real date"),
        ({"held_on_1": ""}, "The date of the meeting must include a month"),
        ({"held_on_2": "26"}, "The year of the date of the meeting must include 4 numbers"),
    ],
)
def test_a_wrong_meeting_form_says_what_to_fix_and_saves_nothing(
    client, business_unit, board, overrides, message
):
    client.force_login(business_unit)

    response = client.post(reverse("portal:meeting_create"), meeting_data(board, **overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a meeting" in html
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert not Meeting.objects.exists()


def test_an_inactive_body_cannot_be_chosen_for_a_new_meeting(client, business_unit):
    closed = BodyFactory(name="Old subgroup", is_active=False)
    client.force_login(business_unit)

    response = client.post(reverse("portal:meeting_create"), meeting_data(closed))

    assert "Select a body from the list" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_business_unit_changes_a_meeting_and_publishes_its_minutes(
    client, business_unit, board
):
    meeting = MeetingFactory(body=board, held_on=datetime.date(2026, 3, 5))
    client.force_login(business_unit)

    client.post(
        reverse("portal:meeting_edit", kwargs={"pk": meeting.pk}),
        meeting_data(board, minutes="Agreed.", minutes_published="on"),
    )

    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_published) == ("Agreed.", True)


def test_the_edit_form_starts_with_the_meetings_date(client, business_unit, board):
    meeting = MeetingFactory(body=board, held_on=datetime.date(2026, 3, 5))
    client.force_login(business_unit)

    html = client.get(reverse("portal:meeting_edit", kwargs={"pk": meeting.pk})).content.decode()

    assert 'name="held_on_2" value="2026"' in html


# Papers


def upload(name="strategy.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_paper(client, meeting, **data):
    return client.post(reverse("portal:meeting_paper_add", kwargs={"pk": meeting.pk}), data)


def test_the_business_unit_adds_a_pdf_paper(client, business_unit, board):
    meeting = MeetingFactory(body=board)
    client.force_login(business_unit)

    response = add_paper(client, meeting, title="Neglect strategy", file=upload())

    paper = MeetingPaper.objects.get()
    assert response["Location"] == reverse("portal:meeting", kwargs={"pk": meeting.pk})
    assert (paper.meeting, paper.title) == (meeting, "Neglect strategy")
    assert paper.file.read() == PDF_BYTES


def test_a_word_document_is_accepted_whatever_type_the_browser_declares(
    client, business_unit, board
):
    meeting = MeetingFactory(body=board)
    client.force_login(business_unit)

    add_paper(
        client,
        meeting,
        title="Minutes",
        file=upload("minutes.DOCX", DOCX_BYTES, "application/octet-stream"),
    )

    assert MeetingPaper.objects.filter(title="Minutes").exists()


def test_a_powerpoint_file_is_accepted(client, business_unit, board):
    meeting = MeetingFactory(body=board)
    client.force_login(business_unit)

    add_paper(client, meeting, title="Slides", file=upload("slides.pptx", PPTX_BYTES, PPTX))

    assert MeetingPaper.objects.filter(title="Slides").exists()


WRONG_TYPE = "The selected file must be a PDF, DOCX, XLSX, PPTX or ODT"


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("virus.exe", EXE_BYTES, "application/octet-stream"), WRONG_TYPE),
        (upload("page.html", b"<html>", "text/html"), WRONG_TYPE),
        (upload("photo.png", PNG_BYTES, "image/png"), WRONG_TYPE),
        (upload("fake.pdf", EXE_BYTES, "application/pdf"), WRONG_TYPE),
        (upload("fake.pdf", b"<html><script>", "application/pdf"), WRONG_TYPE),
        (upload("fake.docx", b"PK\x03\x04 not an archive", DOCX), WRONG_TYPE),
        (upload("empty.pdf", b""), "The selected file is empty"),
        (upload("big.pdf", b"%PDF-" + b"0" * OVER_1_MB), "The selected file must be smaller than 1 MB"),
    ],
    ids=["executable", "html", "image", "executable named pdf", "html named pdf", "not a docx",
         "empty", "too big"],
)  # fmt: skip
def test_a_file_that_is_not_an_allowed_paper_is_refused_and_nothing_is_stored(
    client, business_unit, board, settings, file, message
):
    settings.UPLOAD_MAX_MB = 1  # the real limit, 20 MB, would take a 20 MB upload to test
    meeting = MeetingFactory(body=board)
    client.force_login(business_unit)

    response = add_paper(client, meeting, title="Paper", file=file)

    assert_refused(response, message)
    assert not MeetingPaper.objects.exists()
    assert stored_files(settings) == []


def test_a_paper_needs_a_title_and_a_file(client, business_unit, board):
    meeting = MeetingFactory(body=board)
    client.force_login(business_unit)

    html = add_paper(client, meeting).content.decode()

    assert "Enter the title of the paper" in html
    assert "Select a file to upload" in html
    assert not MeetingPaper.objects.exists()


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead"])
def test_readers_cannot_add_papers(client, cast, board, who):
    meeting = MeetingFactory(body=board)
    client.force_login(cast[who])

    response = add_paper(client, meeting, title="Paper", file=upload())

    assert response.status_code == 403
    assert not MeetingPaper.objects.exists()
