"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery codes, kept by
django-otp. The business unit, the scrutineer and partner leads must use it; practitioners and
agency leads may. The rules of who must, who may set up or replace a device, and who may reset
another person's are here, with their audit entries; django-otp checks the codes.
"""

from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import django_otp
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import AuditVerb, Role, User
from .audit import Actor, actor_of, audit_record

SECOND_FACTOR_ROLES = frozenset({Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD})
# Set at sign-in for a user of an optional role who has set up an app: from then on their
# session needs the second factor too, without a query on every request to find out.
SECOND_FACTOR_DUE = "second_factor_due"
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def second_factor_required(user: User) -> bool:
    """Whether this account may not go without a second factor: the staff roles, and anyone
    who may use the admin, whatever their role."""
    return user.role in SECOND_FACTOR_ROLES or user.is_staff


def second_factor_due(request) -> bool:
    """Whether this signed-in session must pass the second factor before using the portal."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return second_factor_required(user) or bool(request.session.get(SECOND_FACTOR_DUE))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def note_second_factor_at_sign_in(request, user: User) -> None:
    """At sign-in, remember whether an optional role's session needs the second factor."""
    if (
        request is not None
        and hasattr(request, "session")
        and not second_factor_required(user)
        and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    ):
        request.session[SECOND_FACTOR_DUE] = True


# Setting up an app


def key_text(device: TOTPDevice) -> str:
    """The secret as someone types it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def app_setup_start(user: User) -> TOTPDevice:
    """The device being set up: kept unconfirmed, so the QR code stays the same when the page
    is shown again after a wrong code, until a right one confirms it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def app_setup_allowed(request) -> bool:
    """Someone who has an app must pass it before replacing it: otherwise a password alone
    would be enough to put an attacker's app in place of the owner's."""
    return request.user.is_verified() or app_device(request.user) is None


@transaction.atomic
def app_setup_confirm(request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code it shows; replace any earlier app and recovery codes, and
    mark this session as having passed the second factor. Returns the new recovery codes."""
    user = request.user
    if not app_setup_allowed(request):
        raise PermissionDenied
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_digits(code)):
        raise ValidationError(
            "The code is not right. Enter the 6-digit code the app shows now", code="wrong"
        )
    replacing = app_device(user) is not None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    django_otp.login(request, device)
    request.session[SECOND_FACTOR_DUE] = True
    audit_record(
        actor=actor_of(request),
        verb=AuditVerb.CHANGED,
        record=user,
        summary=("Replaced the authenticator app" if replacing else "Set up two-factor sign-in"),
    )
    return codes


def _digits(code: str) -> str:
    return "".join(code.split()).replace("-", "")


# Recovery codes


def _recovery_codes_replace(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(request) -> list[str]:
    """New recovery codes for a verified user; the old ones stop working."""
    user = request.user
    if not user.is_verified() or app_device(user) is None:
        raise PermissionDenied
    codes = _recovery_codes_replace(user)
    audit_record(
        actor=actor_of(request),
        verb=AuditVerb.CHANGED,
        record=user,
        summary="Made new recovery codes",
    )
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Passing the second factor


@dataclass(frozen=True)
class Verification:
    passed: bool
    # When too many wrong codes were entered: the time the next try is allowed.
    wait_until: datetime | None = None
    with_recovery_code: bool = False
    recovery_codes_left: int = 0


def _wait_until(devices) -> datetime | None:
    """django-otp makes each device wait 1, 2, 4 ... seconds after a wrong code."""
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            waits.append(data["locked_until"])
    return max(waits) if waits else None


def second_factor_verify(request, code: str) -> Verification:
    """Check a code from the app or a recovery code; on success the session has passed the
    second factor (and gets a new key, as at any change of privilege). Every try is audited."""
    user = request.user
    code = _digits(code).lower()
    with transaction.atomic():
        devices = [
            *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
            *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
        ]
        wait = _wait_until(devices)
        if wait is not None:
            return Verification(passed=False, wait_until=wait)
        # The app's codes are 6 digits and recovery codes 8 letters or digits, so a code is
        # tried on one kind of device only and a wrong one counts once.
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        matched = next(
            (d for d in devices if isinstance(d, kind) and d.verify_token(code)),
            None,
        )
        if matched is None:
            audit_record(
                actor=actor_of(request),
                verb=AuditVerb.SECOND_FACTOR_FAILED,
                record=user,
                summary="Wrong second-factor code",
            )
            return Verification(passed=False)
        audit_record(
            actor=actor_of(request),
            verb=AuditVerb.SECOND_FACTOR,
            record=user,
            summary=(
                "Passed the second factor with a recovery code"
                if kind is StaticDevice
                else "Passed the second factor with the authenticator app"
            ),
        )
    request.session.cycle_key()
    django_otp.login(request, matched)
    if kind is StaticDevice:
        return Verification(
            passed=True, with_recovery_code=True, recovery_codes_left=recovery_codes_left(user)
        )
    return Verification(passed=True)


# Turning it off, and the business unit's reset


@transaction.atomic
def second_factor_turn_off(request) -> None:
    """Only a role that may go without it, and only once verified (the middleware sees to
    that before this page can be reached)."""
    user = request.user
    if second_factor_required(user) or not user.is_verified():
        raise PermissionDenied
    _devices_delete(user)
    request.session.pop(SECOND_FACTOR_DUE, None)
    audit_record(
        actor=actor_of(request),
        verb=AuditVerb.CHANGED,
        record=user,
        summary="Turned off two-factor sign-in",
    )


def _devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_reset(*, actor: Actor, user: User) -> int:
    """For someone who has lost their phone and their recovery codes: remove their app and
    codes and end their sessions, so that they sign in again with their password and set up a
    new app. Someone else in the business unit must do it: nobody resets their own, which
    would let a stolen password replace its owner's app. Returns the sessions ended."""
    if actor.user is None or actor.user.role != Role.BUSINESS_UNIT:
        raise PermissionDenied
    if actor.user.pk == user.pk:
        raise ValidationError(
            "You cannot reset your own second factor. Ask someone else in the business unit",
            code="own",
        )
    _devices_delete(user)
    ended = sessions_end(user)
    audit_record(
        actor=actor,
        verb=AuditVerb.SECOND_FACTOR_RESET,
        record=user,
        summary=f"Reset the second factor of {user.get_username()}; {ended} sessions ended",
    )
    return ended


def sessions_end(user: User) -> int:
    """End every session of `user`. Django keeps no index of sessions by user, so each live
    session is decoded; reset is rare and sessions live 12 hours at most."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def accounts_with_second_factor(search: str = ""):
    """The business unit's list: accounts with their app and codes left, staff roles first."""
    accounts = User.objects.filter(is_active=True).annotate(
        has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        codes_left=Count(
            "staticdevice__token_set", filter=Q(staticdevice__confirmed=True), distinct=True
        ),
    )
    if search:
        accounts = accounts.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    return accounts.select_related("agency").order_by("role", "username")
