from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the code the demo staff accounts' authenticator app would show now, for "
        "signing in to the demo without an app. Refuses in production."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_code refuses to run when DJANGO_ENV=production.")
        device = TOTPDevice(key=settings.DEMO_TOTP_KEY)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        seconds_left = device.step - int(totp.time) % device.step
        self.stdout.write(
            f"{totp.token():06d}  (for the demo's staff accounts; "
            f"it changes in {seconds_left} seconds, and each code works once)"
        )
