"""Example arguments for the meetings pages: a board meeting a month ago with a paper, minutes
and a register in which the police (a statutory partner) sent apologies, so every part of
each page, the below-threshold flag included, is drawn for the access and browser checks."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from partnership.models import AttendanceStatus, BodyKind, MeetingPaper

from ..factories import (
    PDF_BYTES,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

# One file, made once and reused, so the matrix does not leave a new upload behind per run.
PAPER_FILE = "meetings/papers/examples/terms-of-reference.pdf"


def _board_meeting(cast):
    board = BodyFactory(name="Partnership board", kind=BodyKind.BOARD)
    meeting = MeetingFactory(
        body=board,
        held_on=timezone.localdate() - datetime.timedelta(days=30),
        minutes="The chair welcomed members.\n\nThe board agreed the neglect strategy.",
        minutes_published=True,
    )
    police = cast["agency_lead_a"].agency
    health = cast["agency_lead_b"].agency
    for name, agency, status, deputy in [
        ("Asha Patel", police, AttendanceStatus.APOLOGIES, ""),
        ("Ben Okafor", health, AttendanceStatus.PRESENT, ""),
        ("Carys Evans", health, AttendanceStatus.DEPUTY, "Dan Murphy"),
    ]:
        person = PersonFactory(full_name=name, agency=agency)
        MembershipFactory(person=person, body=board)
        AttendanceFactory(meeting=meeting, person=person, status=status, deputy_name=deputy)
    if not default_storage.exists(PAPER_FILE):
        default_storage.save(PAPER_FILE, ContentFile(PDF_BYTES))
    MeetingPaper.objects.create(meeting=meeting, title="Terms of reference", file=PAPER_FILE)
    return meeting


def _meetings_to_list(cast):
    _board_meeting(cast)
    return {}


EXAMPLES = {
    "portal:meetings": _meetings_to_list,
    "portal:attendance": _meetings_to_list,
    "portal:meeting": lambda cast: {"pk": _board_meeting(cast).pk},
    "portal:meeting_edit": lambda cast: {"pk": _board_meeting(cast).pk},
    "portal:meeting_paper_add": lambda cast: {"pk": _board_meeting(cast).pk},
    "portal:meeting_attendance": lambda cast: {"pk": _board_meeting(cast).pk},
    "portal:meeting_paper": lambda cast: {"pk": _board_meeting(cast).papers.get().pk},
}
NOT_HTML = {"portal:meeting_paper"}
