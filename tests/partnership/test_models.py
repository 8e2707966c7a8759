import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partnership.models import AgencyKind, Role, User

from ..factories import AgencyFactory, UserFactory


def test_an_agency_lead_must_belong_to_an_agency(db):
    with pytest.raises(IntegrityError):
        UserFactory(role=Role.AGENCY_LEAD, agency=None)


def test_the_form_validation_names_the_missing_agency(db):
    user = User(username="lead", role=Role.AGENCY_LEAD)
    with pytest.raises(ValidationError, match="An agency lead must belong to an agency"):
        user.full_clean()


def test_two_accounts_cannot_share_an_email_in_any_case(db):
    UserFactory(email="Sam@agency.example")
    with pytest.raises(IntegrityError):
        UserFactory(email="sam@AGENCY.example")


def test_accounts_without_an_email_do_not_clash(db):
    UserFactory(email="")
    UserFactory(email="")
    assert User.objects.filter(email="").count() == 2


@pytest.mark.parametrize(
    ("kind", "statutory"),
    [
        (AgencyKind.LOCAL_AUTHORITY, True),
        (AgencyKind.POLICE, True),
        (AgencyKind.ICB, True),
        (AgencyKind.HEALTH, False),
    ],
)
def test_only_the_three_statutory_kinds_are_statutory_partners(db, kind, statutory):
    assert AgencyFactory(kind=kind).is_statutory_partner is statutory


def test_createsuperuser_makes_a_business_unit_account(db):
    user = User.objects.create_superuser(
        "admin", "admin@partnership.example", "a-long-passphrase-1"
    )
    assert (user.role, user.email_verified, user.is_staff) == (Role.BUSINESS_UNIT, True, True)
