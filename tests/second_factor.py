"""Signing in test clients with the second factor.

Most tests are about what a signed-in person can do, and sign in with `client.force_login`.
For them, force_login stands for the whole sign-in: the password and, where the account has or
needs one, the second factor (an authenticator app device is made and marked as passed in the
session). Tests of the second factor itself use `password_only_login`, which stops after the
password, as a real sign-in does until the code is entered.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.services.two_factor import APP_NAME, second_factor_required

password_only_login = Client.force_login


def app_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=True)


def mark_second_factor_passed(client: Client, device: TOTPDevice) -> None:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_with_second_factor(client: Client, user, backend=None) -> None:
    password_only_login(client, user, backend)
    if (
        second_factor_required(user)
        or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    ):
        mark_second_factor_passed(client, app_for(user))
