from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership import demo
from partnership.models import (
    Action,
    Agency,
    Attendance,
    Body,
    Indicator,
    IndicatorValue,
    Meeting,
    Membership,
    Person,
    Priority,
    Publication,
)
from partnership.services.two_factor import key_text, second_factor_required

SUMMARY = [
    ("agencies", Agency),
    ("people", Person),
    ("bodies", Body),
    ("memberships", Membership),
    ("meetings", Meeting),
    ("attendance records", Attendance),
    ("priorities", Priority),
    ("actions", Action),
    ("publications", Publication),
    ("data set indicators", Indicator),
    ("figures", IndicatorValue),
]


class Command(BaseCommand):
    help = "Load the demo partnership and one account per role. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run when DJANGO_ENV=production.")
        with transaction.atomic():
            users = demo.load(password=settings.DEMO_PASSWORD)
            # Other apps add their demo records with a `demo.load()` of their own, found here
            # rather than imported, so that partnership depends on none of them.
            for app in apps.get_app_configs():
                if app.name != "partnership" and find_spec(f"{app.name}.demo") is not None:
                    summary = import_module(f"{app.name}.demo").load()
                    if summary:
                        self.stdout.write(summary)
            counts = ", ".join(f"{model.objects.count()} {label}" for label, model in SUMMARY)
            self.stdout.write(f"The partnership now has {counts}.")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at /accounts/sign-in/ as:"))
        for user in users:
            agency = f" ({user.agency})" if user.agency else ""
            self.stdout.write(f"  {user.username:<15} {user.role_label}{agency}")
        self.stdout.write(f"  password for all of them: {settings.DEMO_PASSWORD}")
        staff = [user.username for user in users if second_factor_required(user)]
        self.stdout.write(
            f"{', '.join(staff)} also need a code from an authenticator app. Add this key to "
            f"the app once: {key_text(TOTPDevice(key=settings.DEMO_TOTP_KEY))}\n"
            "  or, without an app, run `.venv/bin/python manage.py demo_code` for the code."
        )
