"""An example for the retention page, so the browser check sees a count and a date in the
table: two sign-ups never confirmed, past their period."""

import datetime

from django.utils import timezone

from partnership.models import Role, User

from ..factories import UserFactory


def _unconfirmed_sign_ups(cast):
    users = [UserFactory(role=Role.PRACTITIONER, email_verified=False) for _ in range(2)]
    User.objects.filter(pk__in=[user.pk for user in users]).update(
        date_joined=timezone.now() - datetime.timedelta(days=400)
    )
    return {}


EXAMPLES = {"portal:retention": _unconfirmed_sign_ups}
