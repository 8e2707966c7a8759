"""One meeting: its agenda, papers, minutes and register, and downloading its papers."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from partnership.models import AttendanceStatus

from ..factories import (
    PDF_BYTES,
    AgencyFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    MeetingPaperFactory,
    PersonFactory,
    office_file,
)
from ..upload_checks import XLSX_MAIN_PART


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        body=BodyFactory(name="Partnership board"),
        held_on=datetime.date(2026, 3, 5),
        agenda="Apologies\nRapid review update",
        minutes="The chair opened the meeting.\n\nThe board agreed the strategy.",
    )


def page(client, user, meeting):
    client.force_login(user)
    return client.get(reverse("portal:meeting", kwargs={"pk": meeting.pk})).content.decode()


def test_it_shows_the_agenda_as_numbered_items_and_the_minutes_as_paragraphs(
    client, scrutineer, meeting
):
    html = page(client, scrutineer, meeting)

    assert "Meeting on 5 March 2026" in html
    assert "<li>Apologies</li>" in html
    assert "<li>Rapid review update</li>" in html
    assert '<p class="govuk-body">The board agreed the strategy.</p>' in html


@pytest.mark.parametrize(("published", "tag"), [(True, "Published"), (False, "Not published")])
def test_the_minutes_carry_a_published_tag(client, scrutineer, meeting, published, tag):
    meeting.minutes_published = published
    meeting.save()

    html = page(client, scrutineer, meeting)

    assert f'">{tag}</strong></h2>' in html


def test_papers_are_download_links(client, partner_lead, meeting):
    paper = MeetingPaperFactory(meeting=meeting, title="Neglect strategy")

    html = page(client, partner_lead, meeting)

    url = reverse("portal:meeting_paper", kwargs={"pk": paper.pk})
    assert f'href="{url}" download>Neglect strategy' in html


def test_the_register_is_grouped_by_agency(client, business_unit, meeting):
    police = AgencyFactory(name="Police")
    health = AgencyFactory(name="Health trust")
    AttendanceFactory(meeting=meeting, person=PersonFactory(full_name="Pat", agency=police))
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(full_name="Hana", agency=health),
        status=AttendanceStatus.DEPUTY,
        deputy_name="Harry Deputy",
    )
    AttendanceFactory(
        meeting=meeting,
        person=PersonFactory(full_name="Hugo", agency=health),
        status=AttendanceStatus.ABSENT,
    )

    html = page(client, business_unit, meeting)

    captions = [part.split("</caption>")[0] for part in html.split('govuk-table__caption--s">')[1:]]
    assert captions == ["Health trust", "Police"]
    health_table = html.split('govuk-table__caption--s">Health trust')[1].split("</table>")[0]
    assert "Hana" in health_table and "Hugo" in health_table and "Pat" not in health_table
    assert "Harry Deputy" in health_table
    assert "2 of 3 attended" in html


def test_the_business_unit_is_offered_the_changes_and_readers_are_not(
    client, business_unit, scrutineer, meeting
):
    links = [
        reverse("portal:meeting_edit", kwargs={"pk": meeting.pk}),
        reverse("portal:meeting_paper_add", kwargs={"pk": meeting.pk}),
        reverse("portal:meeting_attendance", kwargs={"pk": meeting.pk}),
    ]
    assert all(link in page(client, business_unit, meeting) for link in links)
    assert not any(link in page(client, scrutineer, meeting) for link in links)


def test_an_unknown_meeting_is_not_found(client, business_unit):
    client.force_login(business_unit)

    assert client.get(reverse("portal:meeting", kwargs={"pk": 999999})).status_code == 404


# Downloading a paper


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_readers_download_the_paper_as_an_attachment_named_after_its_title(client, cast, who):
    paper = MeetingPaperFactory(title="Terms of reference")
    client.force_login(cast[who])

    response = client.get(reverse("portal:meeting_paper", kwargs={"pk": paper.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="terms-of-reference.pdf"'
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_other_roles_cannot_download_papers(client, cast, who):
    paper = MeetingPaperFactory()
    client.force_login(cast[who])

    assert client.get(reverse("portal:meeting_paper", kwargs={"pk": paper.pk})).status_code == 403


def test_the_public_is_asked_to_sign_in_before_a_paper(client, db):
    paper = MeetingPaperFactory()

    response = client.get(reverse("portal:meeting_paper", kwargs={"pk": paper.pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_spreadsheet_paper_is_sent_as_one_and_never_sniffed(client, scrutineer):
    workbook = office_file(XLSX_MAIN_PART, part_name="/xl/workbook.xml")
    paper = MeetingPaperFactory(title="Budget", file=ContentFile(workbook, name="budget.xlsx"))
    client.force_login(scrutineer)

    response = client.get(reverse("portal:meeting_paper", kwargs={"pk": paper.pk}))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="budget.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_paper_whose_file_is_missing_is_not_found(client, scrutineer):
    paper = MeetingPaperFactory()
    paper.file.storage.delete(paper.file.name)
    client.force_login(scrutineer)

    assert client.get(reverse("portal:meeting_paper", kwargs={"pk": paper.pk})).status_code == 404
