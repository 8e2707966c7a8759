"""The fixed cast of users every test can call on (STYLE.md rule 13), and shared set-up."""

import uuid

import pytest
from django.db import connection
from django.test import Client

from config.celery import app as celery_app
from partnership.models import AgencyKind, Role

from .factories import AgencyFactory, UserFactory
from .second_factor import force_login_with_second_factor


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_factor():
    """See tests/second_factor.py: a forced sign-in is a whole one, second factor included."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login_with_second_factor)
        yield


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Unit tests run Celery tasks in-process; test_celery_worker.py sends them through Redis."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by tests land in a temporary folder, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts its posts to the public forms from zero (partnership.ratelimit). A
    prefix of its own, rather than clearing the cache: the cache is Redis, shared with Celery
    and with any other test run on the machine, and FLUSHDB would empty their queues too."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid.uuid4().hex}:"


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Metropolitan Police Service", kind=AgencyKind.POLICE)


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="NELFT NHS Foundation Trust", kind=AgencyKind.HEALTH)


@pytest.fixture
def business_unit(db):
    return UserFactory(username="business", role=Role.BUSINESS_UNIT, agency=None, is_staff=True)


@pytest.fixture
def scrutineer(db):
    return UserFactory(username="scrutineer", role=Role.SCRUTINEER, agency=None)


@pytest.fixture
def agency_lead_a(agency_a):
    return UserFactory(username="lead-a", role=Role.AGENCY_LEAD, agency=agency_a)


@pytest.fixture
def agency_lead_b(agency_b):
    return UserFactory(username="lead-b", role=Role.AGENCY_LEAD, agency=agency_b)


@pytest.fixture
def practitioner(agency_b):
    return UserFactory(username="practitioner", role=Role.PRACTITIONER, agency=agency_b)


@pytest.fixture
def partner_lead(db):
    local_authority = AgencyFactory(
        name="London Borough of Thameside", kind=AgencyKind.LOCAL_AUTHORITY
    )
    return UserFactory(username="partner", role=Role.PARTNER_LEAD, agency=local_authority)


@pytest.fixture
def cast(business_unit, scrutineer, agency_lead_a, agency_lead_b, practitioner, partner_lead):
    """Every role, keyed by a name; None is the public."""
    return {
        "anonymous": None,
        "business_unit": business_unit,
        "scrutineer": scrutineer,
        "agency_lead_a": agency_lead_a,
        "agency_lead_b": agency_lead_b,
        "practitioner": practitioner,
        "partner_lead": partner_lead,
    }


def pytest_configure(config):
    from django.conf import settings

    # Hashing a password properly takes most of a second; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and at the end of the run no session left on it: a
    thread that served the browser tests or an in-process Celery worker can leave its
    connection open, and PostgreSQL will not drop a database someone is using."""
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
