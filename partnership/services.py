from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Agency, Role, User


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """A link that confirms a work email address. The hash covers `email_verified`, so a
    link stops working once used, and the password, so it dies with a reset."""

    key_salt = "partnership.services.EmailVerificationTokenGenerator"

    def __init__(self):
        super().__init__()
        self.timeout = settings.EMAIL_VERIFICATION_TIMEOUT

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.email}{user.email_verified}{timestamp}"

    def check_token(self, user, token):
        # PasswordResetTokenGenerator reads PASSWORD_RESET_TIMEOUT; verification has its own.
        from django.utils.crypto import constant_time_compare
        from django.utils.http import base36_to_int

        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not constant_time_compare(self._make_token_with_timestamp(user, ts, self.secret), token):
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout


email_verification_token = EmailVerificationTokenGenerator()


def verification_path(user: User) -> str:
    return reverse(
        "verify_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_verification_token.make_token(user),
        },
    )


@transaction.atomic
def practitioner_sign_up(
    *, first_name: str, last_name: str, email: str, agency: Agency, password: str, base_url: str
) -> User:
    """Create a practitioner's account, unusable until they follow the link we email them."""
    from .tasks import send_verification_email

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
    from .tasks import send_verification_email

    user = User.objects.filter(email__iexact=email, email_verified=False, is_active=True).first()
    if user is not None:
        transaction.on_commit(lambda: send_verification_email.delay(user.pk, base_url))


@transaction.atomic
def email_verify(*, user: User, token: str) -> bool:
    """Mark the address confirmed when the token is good. Returns whether it was."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not email_verification_token.check_token(locked, token):
        return False
    locked.email_verified = True
    locked.save(update_fields=["email_verified"])
    return True
