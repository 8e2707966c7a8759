"""What the audit log records besides the services' changes: sign-ins, failed sign-ins,
lock-outs, sign-outs, changes to a user's role or agency, refused pages and downloads."""

import pytest
from django.urls import reverse

from partnership.models import AuditEntry, AuditVerb, Role, User

from ..factories import PASSWORD, ActionFactory, AgencyFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"


def sign_in(client, username, password, address=OFFICE):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def only(verb) -> AuditEntry:
    """The one entry of `verb`; fails if there are none or several."""
    return AuditEntry.objects.get(verb=verb)


# Signing in and out


def test_a_sign_in_is_recorded_with_who_and_where(client, practitioner):
    sign_in(client, "practitioner", PASSWORD)

    entry = only(AuditVerb.SIGNED_IN)
    assert (entry.user, entry.username, entry.role) == (
        practitioner,
        "practitioner",
        Role.PRACTITIONER,
    )
    assert (entry.address, entry.summary) == (OFFICE, "Signed in")


def test_a_failed_sign_in_keeps_the_name_tried_and_the_address_but_no_password(
    client, practitioner
):
    response = sign_in(client, "practitioner", "wrong-password")

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.verb == AuditVerb.SIGN_IN_FAILED
    assert (entry.user, entry.username, entry.address) == (None, "practitioner", OFFICE)
    assert entry.summary == "Failed sign-in as “practitioner”"
    assert "wrong-password" not in f"{entry.summary} {entry.path} {entry.record}"


def test_a_failed_sign_in_as_no_one_is_recorded_too(client, db):
    sign_in(client, "nobody@example.com", "guess")

    assert only(AuditVerb.SIGN_IN_FAILED).username == "nobody@example.com"


def test_the_lock_out_is_recorded_once_when_it_falls(client, practitioner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "practitioner", "wrong-password")

    entry = only(AuditVerb.LOCKED_OUT)
    assert (entry.user, entry.username, entry.address) == (None, "practitioner", OFFICE)
    assert entry.summary == (
        f"“practitioner” locked out after {settings.AXES_FAILURE_LIMIT} failed sign-ins "
        "from this address"
    )
    failed = AuditEntry.objects.filter(verb=AuditVerb.SIGN_IN_FAILED)
    assert failed.count() == settings.AXES_FAILURE_LIMIT


def test_an_attempt_while_locked_out_is_a_failed_sign_in_not_a_second_lock_out(
    client, practitioner, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "practitioner", "wrong-password")

    response = sign_in(client, "practitioner", PASSWORD)

    assert response.status_code == 429
    assert AuditEntry.objects.filter(verb=AuditVerb.LOCKED_OUT).count() == 1
    latest = AuditEntry.objects.first()
    assert (latest.verb, latest.summary) == (
        AuditVerb.SIGN_IN_FAILED,
        "Failed sign-in as “practitioner”",
    )
    assert not AuditEntry.objects.filter(verb=AuditVerb.SIGNED_IN).exists()


def test_a_sign_out_is_recorded(client, practitioner):
    sign_in(client, "practitioner", PASSWORD)

    client.post(reverse("logout"), REMOTE_ADDR=OFFICE)

    entry = only(AuditVerb.SIGNED_OUT)
    assert (entry.user, entry.address, entry.summary) == (practitioner, OFFICE, "Signed out")


def test_signing_out_when_not_signed_in_records_nothing(client, db):
    client.post(reverse("logout"))

    assert not AuditEntry.objects.exists()


# Role and agency changes in the admin


@pytest.fixture
def admin_client(client, business_unit):
    business_unit.is_superuser = True
    business_unit.save(update_fields=["is_superuser"])
    client.force_login(business_unit)
    return client


def change_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "role": user.role,
        "agency": user.agency_id or "",
    }
    data.update(changes)
    return data


def user_url(user):
    return reverse("admin:partnership_user_change", args=[user.pk])


def test_a_role_and_agency_change_in_the_admin_is_recorded_with_before_and_after(
    admin_client, business_unit, practitioner, agency_a
):
    response = admin_client.post(
        user_url(practitioner),
        change_form(practitioner, role=Role.AGENCY_LEAD, agency=agency_a.pk),
        REMOTE_ADDR=OFFICE,
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = only(AuditVerb.ROLE_CHANGED)
    assert (entry.user, entry.address) == (business_unit, OFFICE)
    assert (entry.record_type, entry.record_id) == ("partnership.user", practitioner.pk)
    assert entry.summary == (
        "Practitioner → Agency lead; NELFT NHS Foundation Trust → Metropolitan Police Service"
    )


def test_an_admin_change_that_leaves_role_and_agency_alone_records_no_role_change(
    admin_client, practitioner
):
    response = admin_client.post(
        user_url(practitioner), change_form(practitioner, first_name="Renamed")
    )

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(verb=AuditVerb.ROLE_CHANGED).exists()


def test_a_refused_change_in_the_admin_records_nothing(admin_client, practitioner):
    # An agency lead must belong to an agency: the form is refused, nothing is saved.
    response = admin_client.post(
        user_url(practitioner), change_form(practitioner, role=Role.AGENCY_LEAD, agency="")
    )

    assert response.status_code == 200
    practitioner.refresh_from_db()
    assert practitioner.role == Role.PRACTITIONER
    assert not AuditEntry.objects.filter(verb=AuditVerb.ROLE_CHANGED).exists()


def test_an_account_made_in_the_admin_is_recorded_with_what_it_may_reach(
    admin_client, business_unit
):
    agency = AgencyFactory(name="Thameside Council")
    response = admin_client.post(
        reverse("admin:partnership_user_add"),
        {
            "username": "newcomer",
            "password1": "a-long-enough-passphrase-9",
            "password2": "a-long-enough-passphrase-9",
            "usable_password": "true",
            "email": "newcomer@example.com",
            "first_name": "New",
            "last_name": "Comer",
            "role": Role.PARTNER_LEAD,
            "agency": agency.pk,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = only(AuditVerb.CREATED)
    assert entry.user == business_unit
    assert entry.record_id == User.objects.get(username="newcomer").pk
    assert entry.summary.startswith("Account created: Partner lead, Thameside Council")


# Refused pages


def test_a_practitioner_refused_the_budget_is_recorded(client, practitioner):
    client.force_login(practitioner)

    response = client.get("/portal/budget/", REMOTE_ADDR=OFFICE)

    assert response.status_code == 403
    entry = only(AuditVerb.REFUSED)
    assert (entry.user, entry.address, entry.path) == (practitioner, OFFICE, "/portal/budget/")
    assert entry.summary == "403 GET /portal/budget/"


def test_an_agency_lead_asking_for_another_agencys_action_is_recorded(
    client, agency_lead_b, agency_a
):
    action = ActionFactory(owner_agency=agency_a)
    client.force_login(agency_lead_b)
    url = reverse("portal:action", kwargs={"pk": action.pk})

    assert client.get(url).status_code == 404
    entry = only(AuditVerb.REFUSED)
    assert (entry.user, entry.summary) == (agency_lead_b, f"404 GET {url}")


def test_the_publics_not_found_is_not_recorded(client, db):
    assert client.get("/no-such-page/").status_code == 404

    assert not AuditEntry.objects.exists()


def test_a_page_served_is_not_a_refusal(client, practitioner):
    client.force_login(practitioner)

    assert client.get(reverse("portal:dashboard")).status_code == 200
    assert not AuditEntry.objects.filter(verb=AuditVerb.REFUSED).exists()


def test_a_reviews_refusal_is_recorded_once(client, practitioner):
    client.force_login(practitioner)

    assert client.get(reverse("reviews:themes")).status_code == 404
    assert AuditEntry.objects.filter(verb=AuditVerb.REFUSED).count() == 1


# Downloads


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_of_records_is_recorded(client, business_unit, file_format):
    client.force_login(business_unit)

    response = client.get(
        reverse("portal:export"), {"what": "people", "format": file_format}, REMOTE_ADDR=OFFICE
    )

    assert response.status_code == 200
    entry = only(AuditVerb.EXPORTED)
    assert (entry.user, entry.address) == (business_unit, OFFICE)
    assert entry.summary.startswith("All people, ") and entry.summary.endswith(f".{file_format}")


def test_the_membership_download_is_recorded(client, business_unit):
    client.force_login(business_unit)

    client.get(reverse("portal:memberships_export"), {"on": "2025-06-01"})

    assert only(AuditVerb.EXPORTED).summary.startswith("Membership appendix on 2025-06-01, ")


def test_a_refused_download_is_a_refusal_not_an_export(client, practitioner):
    client.force_login(practitioner)

    assert client.get(reverse("portal:export"), {"what": "people"}).status_code == 403
    assert not AuditEntry.objects.filter(verb=AuditVerb.EXPORTED).exists()
    assert only(AuditVerb.REFUSED).user == practitioner
