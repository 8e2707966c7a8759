"""The audit log page and its download, for the business unit only; and the log's guards:
nothing in the portal, the admin, the ORM or (on PostgreSQL) raw SQL can change an entry."""

import csv
import datetime
import io
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import Error, connection, transaction
from django.urls import reverse

from partnership.apps import _signed_in
from partnership.models import AuditEntry, AuditVerb, Role

pytestmark = pytest.mark.django_db

URL = reverse("portal:audit_log")
EXPORT = reverse("portal:audit_log_export")
LONDON = ZoneInfo("Europe/London")


def at(day: str, clock: str = "12:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LONDON)


def entry(
    *,
    when="2025-06-02",
    clock="12:00",
    username="business",
    role=Role.BUSINESS_UNIT,
    verb=AuditVerb.VIEWED,
    record_type="partnership.priority",
    record_id=1,
    record="Neglect",
    summary="",
    address="192.0.2.10",
    path="/portal/",
):
    return AuditEntry.objects.create(
        at=at(when, clock),
        username=username,
        role=role,
        verb=verb,
        record_type=record_type,
        record_id=record_id,
        record=record,
        summary=summary,
        address=address,
        path=path,
    )


def listed(response) -> list[int]:
    return [row["entry"].pk for row in response.context["rows"]]


@contextmanager
def sign_in_unrecorded():
    """These tests read back the entries they make: the sign-in's own entry would be one
    more row. tests/partnership/test_audit_events.py tests that entry."""
    user_logged_in.disconnect(dispatch_uid="audit-signed-in")
    try:
        yield
    finally:
        user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")


@pytest.fixture
def signed_in(client, business_unit):
    with sign_in_unrecorded():
        client.force_login(business_unit)
    return client


def test_the_business_unit_reads_the_log_newest_first_with_who_what_and_where(signed_in):
    older = entry(when="2025-06-02", username="scrutineer", role=Role.SCRUTINEER)
    newer = entry(
        when="2025-06-03",
        verb=AuditVerb.CHANGED,
        record_type="reviews.notification",
        record="SIN-2025-001",
        summary="Details changed",
        address="198.51.100.7",
    )

    response = signed_in.get(URL)

    assert listed(response) == [newer.pk, older.pk]
    html = response.content.decode()
    assert "Independent scrutineer" in html  # the role in words
    assert "Notification" in html and "SIN-2025-001" in html
    assert "Details changed" in html and "198.51.100.7" in html
    assert ">Changed<" in html


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a", "practitioner"])
def test_every_other_role_is_refused(client, cast, who):
    entry()
    client.force_login(cast[who])

    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_nothing_on_the_page_offers_to_change_an_entry(signed_in):
    entry()

    response = signed_in.get(URL)

    main = response.content.decode().split('id="main-content"', 1)[1]
    assert "<form" in main and 'method="post"' not in main.lower()
    assert "/edit" not in main and "/delete" not in main and "/change" not in main


def test_it_filters_by_part_of_the_user_name(signed_in):
    mine = entry(username="business")
    entry(username="scrutineer", role=Role.SCRUTINEER)

    assert listed(signed_in.get(URL, {"user": "BUSI"})) == [mine.pk]


def test_it_filters_by_what_was_done(signed_in):
    entry(verb=AuditVerb.VIEWED)
    refused = entry(verb=AuditVerb.REFUSED, record_type="", record_id=None, record="")

    assert listed(signed_in.get(URL, {"verb": "refused"})) == [refused.pk]


def test_it_offers_the_kinds_of_record_in_the_log_by_their_names_and_filters_by_one(signed_in):
    entry(record_type="partnership.priority")
    notification = entry(record_type="reviews.notification", record="SIN-2025-001")
    entry(record_type="", record_id=None, record="", verb=AuditVerb.REFUSED)

    response = signed_in.get(URL, {"record_type": "reviews.notification"})

    assert listed(response) == [notification.pk]
    choices = response.context["filters"].fields["record_type"].choices
    assert choices == [
        ("", "All kinds"),
        ("reviews.notification", "Notification"),
        ("partnership.priority", "Strategic priority"),
    ]


def test_a_kind_of_record_no_longer_in_the_code_keeps_its_stored_name(signed_in):
    entry(record_type="oldapp.gone")

    choices = signed_in.get(URL).context["filters"].fields["record_type"].choices

    assert ("oldapp.gone", "oldapp.gone") in choices


def test_the_dates_are_whole_days_on_london_time(signed_in):
    entry(when="2025-06-01", clock="23:59")
    first = entry(when="2025-06-02", clock="00:00")
    last = entry(when="2025-06-03", clock="23:59")
    entry(when="2025-06-04", clock="00:00")

    response = signed_in.get(
        URL,
        {
            "start_0": "2", "start_1": "6", "start_2": "2025",
            "end_0": "3", "end_1": "6", "end_2": "2025",
        },
    )  # fmt: skip

    assert listed(response) == [last.pk, first.pk]
    assert "2 entries matching the filters" in response.content.decode()


def test_an_end_before_the_start_is_shown_as_an_error_and_left_out(signed_in):
    entry(when="2025-06-05")

    response = signed_in.get(
        URL,
        {
            "start_0": "3", "start_1": "6", "start_2": "2025",
            "end_0": "2", "end_1": "6", "end_2": "2025",
        },
    )  # fmt: skip

    html = response.content.decode()
    assert "The end date must be the same as or after the start date" in html
    assert len(listed(response)) == 1


def test_it_pages_at_25(signed_in):
    for n in range(30):
        entry(when="2025-06-02", clock=f"10:{n:02d}")

    first, second = signed_in.get(URL), signed_in.get(URL, {"page": 2})

    assert len(listed(first)) == 25 and len(listed(second)) == 5


@pytest.mark.parametrize("size", [2, 30])
def test_the_page_takes_the_same_queries_however_many_entries(
    signed_in, django_assert_num_queries, size
):
    for n in range(size):
        entry(clock=f"10:{n:02d}", record_type=["reviews.review", "partnership.priority"][n % 2])

    # Session, user, the second factor's device, the kinds of record for the filter, the count, the
    # page of entries, the session saved inside a savepoint (three): nine, at any size.
    with django_assert_num_queries(9):
        signed_in.get(URL, {"verb": "viewed"})


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_download_holds_the_filtered_entries_and_is_itself_logged(signed_in, business_unit):
    entry(username="scrutineer", role=Role.SCRUTINEER, summary="=HYPERLINK(1)")
    kept = entry(username="business", summary="Reviews dashboard", when="2025-06-03")

    response = signed_in.get(EXPORT, {"user": "busi"})

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = read_csv(response)
    assert rows[0][:4] == ["When", "User name", "Role", "What"]
    assert rows[1:] == [
        [
            "2025-06-03 12:00:00",
            "business",
            "Business unit",
            "Viewed",
            "Strategic priority",
            str(kept.record_id),
            "Neglect",
            "Reviews dashboard",
            "192.0.2.10",
            "/portal/",
        ]
    ]
    exported = AuditEntry.objects.get(verb=AuditVerb.EXPORTED)
    assert exported.user == business_unit
    assert exported.summary == "Audit log, 1 entry (user name containing “busi”)"
    assert exported.path.startswith(EXPORT)


def test_the_download_escapes_what_a_spreadsheet_would_run(signed_in):
    entry(summary="=HYPERLINK(1)")

    rows = read_csv(signed_in.get(EXPORT))

    assert rows[1][7] == "'=HYPERLINK(1)"


def test_the_page_links_to_the_download_of_what_it_shows(signed_in):
    entry(verb=AuditVerb.REFUSED)

    html = signed_in.get(URL, {"verb": "refused", "page": "1"}).content.decode()

    assert f'href="{EXPORT}?verb=refused"' in html


def test_the_business_unit_finds_the_log_on_its_dashboard_and_no_one_else_does(client, cast):
    for who in ("business_unit", "scrutineer", "partner_lead"):
        client.force_login(cast[who])
        html = client.get(reverse("portal:dashboard")).content.decode()
        assert (f'href="{URL}"' in html) == (who == "business_unit"), who


# The guards on the log itself


@pytest.fixture
def admin_client(client, business_unit):
    # The demo's business unit account is a superuser; even one may not change the log.
    business_unit.is_superuser = True
    business_unit.save(update_fields=["is_superuser"])
    with sign_in_unrecorded():
        client.force_login(business_unit)
    return client


def test_the_admin_lists_the_entries_but_offers_no_add_change_or_delete(admin_client):
    kept = entry(record="Visible in the admin")
    base = "/admin/partnership/auditentry/"

    listing = admin_client.get(base)
    assert listing.status_code == 200
    assert "Visible in the admin" in listing.content.decode()
    assert f'href="{base}add/"' not in listing.content.decode()

    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}add/", {"verb": "viewed"}).status_code == 403
    assert admin_client.post(f"{base}{kept.pk}/change/", {"summary": "x"}).status_code == 403
    assert admin_client.get(f"{base}{kept.pk}/delete/").status_code == 403
    assert admin_client.post(f"{base}{kept.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = admin_client.post(base, {"action": "delete_selected", "_selected_action": [kept.pk]})
    assert bulk.status_code in (200, 302)  # no such action: the list is shown again
    kept.refresh_from_db()
    # Nothing added but the refusals of the admin's 403s.
    assert kept.summary == ""
    assert AuditEntry.objects.exclude(verb=AuditVerb.REFUSED).count() == 1


def test_the_orm_refuses_to_update_or_delete_entries():
    kept = entry()

    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=kept.pk).update(summary="rewritten")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=kept.pk).delete()
    with pytest.raises(TypeError):
        kept.delete()
    kept.summary = "rewritten"
    with pytest.raises(TypeError):
        kept.save()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE partnership_auditentry SET summary = 'rewritten' WHERE id = %s",
        "DELETE FROM partnership_auditentry WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_on_postgresql_even_raw_sql_cannot_change_an_entry(statement):
    kept = entry()

    with (
        pytest.raises(Error, match="The audit log cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [kept.pk])

    assert AuditEntry.objects.filter(pk=kept.pk, summary="").exists()
