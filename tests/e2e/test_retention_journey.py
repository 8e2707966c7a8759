"""The business unit finds the retention schedule from the audit log and reads what it would
do today; the page passes axe-core."""

import datetime

import pytest
from django.utils import timezone

from partnership.models import Role, User

from ..factories import UserFactory
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_business_unit_reads_the_retention_plan(page, sign_in_as, business_unit):
    joined = timezone.now() - datetime.timedelta(days=45)
    for _ in range(3):
        user = UserFactory(role=Role.PRACTITIONER, email_verified=False)
        User.objects.filter(pk=user.pk).update(date_joined=joined)
    sign_in_as(business_unit)

    page.goto("/portal/audit/")
    page.get_by_role("link", name="retention").click()

    assert page.locator("h1").inner_text() == "Retention"
    row = page.get_by_role("row", name="Unconfirmed sign-ups")
    assert row.get_by_role("cell").nth(2).inner_text() == "3"
    assert timezone.localdate(joined).strftime("%-d %B %Y") in row.inner_text()
    assert_accessible(page, "retention-plan")
    assert User.objects.filter(email_verified=False).count() == 3
