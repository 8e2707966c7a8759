"""Accounts: practitioners signing up and confirming their work email."""

import enum

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from ..models import (
    Agency,
    Role,
    User,
)

# A signed, timestamped token: Django's signing checks it and its age, so nothing is stored.
# It carries the address it was sent to, so it stops working if the address changes.
VERIFICATION_SALT = "partnership.email-verification"


def verification_path(user: User) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)
    return reverse("verify_email", kwargs={"token": token})


@transaction.atomic
def practitioner_sign_up(
    *, first_name: str, last_name: str, email: str, agency: Agency, password: str, base_url: str
) -> User:
    """Create a practitioner's account, unusable until they follow the link we email them."""
    from ..tasks import send_verification_email

    user = User(
        username=email.lower(),
        email=email,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        role=Role.PRACTITIONER,
        email_verified=False,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    transaction.on_commit(lambda: send_verification_email.delay(user.pk, base_url))
    return user


@transaction.atomic
def verification_resend(*, email: str, base_url: str) -> None:
    """Send a new link to an unverified account; say nothing about whether one exists."""
    from ..tasks import send_verification_email

    user = User.objects.filter(email__iexact=email, email_verified=False, is_active=True).first()
    if user is not None:
        transaction.on_commit(lambda: send_verification_email.delay(user.pk, base_url))


class Verification(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already confirmed"
    INVALID = "invalid"


@transaction.atomic
def email_verify(*, token: str) -> Verification:
    """Confirm the address a link was sent to, if the link is genuine and young enough."""
    try:
        claim = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT
        )
    except signing.BadSignature:  # also raised for an expired link
        return Verification.INVALID
    user = User.objects.select_for_update().filter(pk=claim["user"], email=claim["email"]).first()
    if user is None:
        return Verification.INVALID
    if user.email_verified:
        return Verification.ALREADY_CONFIRMED
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return Verification.CONFIRMED
