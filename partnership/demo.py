"""Demo data: a partnership shaped like the one in shared/seeds (its agencies and their kinds),
set in a fictional London borough, Thameside. Organisations are public bodies; no person here is
real. Later issues add their own records to `load()` in the same idempotent way."""

from django.conf import settings
from django.db import transaction

from .models import Agency, AgencyKind, Role, User

AGENCIES = [
    ("London Borough of Thameside", AgencyKind.LOCAL_AUTHORITY),
    ("Metropolitan Police Service (East Area BCU)", AgencyKind.POLICE),
    ("NHS North East London Integrated Care Board", AgencyKind.ICB),
    ("NELFT NHS Foundation Trust", AgencyKind.HEALTH),
    ("Barking, Havering and Redbridge University Hospitals NHS Trust", AgencyKind.HEALTH),
    ("Barts Health NHS Trust", AgencyKind.HEALTH),
    ("Partnership of East London Cooperatives", AgencyKind.HEALTH),
    ("Probation Service (Thameside and Waltham Forest)", AgencyKind.PROBATION),
    ("Cafcass", AgencyKind.CAFCASS),
    ("Thameside primary schools", AgencyKind.EDUCATION),
    ("Thameside secondary schools", AgencyKind.EDUCATION),
    ("Thameside College", AgencyKind.EDUCATION),
    ("Thameside Community Action", AgencyKind.VOLUNTARY),
    ("Thameside Faith Forum", AgencyKind.FAITH),
    ("Lay members", AgencyKind.LAY),
]

# One account per role; names say what the account is for, not who.
DEMO_USERS = [
    # username, first name, last name, role, agency, staff (may use /admin/)
    ("business", "Demo", "Business Unit", Role.BUSINESS_UNIT, None, True),
    ("scrutineer", "Demo", "Scrutineer", Role.SCRUTINEER, None, False),
    (
        "agency",
        "Demo",
        "Agency Lead",
        Role.AGENCY_LEAD,
        "Metropolitan Police Service (East Area BCU)",
        False,
    ),
    (
        "practitioner",
        "Demo",
        "Practitioner",
        Role.PRACTITIONER,
        "NELFT NHS Foundation Trust",
        False,
    ),
    ("partner", "Demo", "Partner Lead", Role.PARTNER_LEAD, "London Borough of Thameside", False),
]


@transaction.atomic
def load(*, password: str) -> list[User]:
    for name, kind in AGENCIES:
        Agency.objects.update_or_create(name=name, defaults={"kind": kind, "is_active": True})
    users = []
    for username, first_name, last_name, role, agency_name, staff in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.{settings.PARTNERSHIP_EMAIL.rsplit('@', 1)[-1]}",
                "role": role,
                "agency": Agency.objects.get(name=agency_name) if agency_name else None,
                "email_verified": True,
                "is_active": True,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users.append(user)
    return users
