from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnership import demo
from partnership.models import (
    Action,
    Agency,
    Attendance,
    Body,
    Meeting,
    Membership,
    Person,
    Priority,
    Publication,
)

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
]


class Command(BaseCommand):
    help = "Load the demo partnership and one account per role. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run when DJANGO_ENV=production.")
        users = demo.load(password=settings.DEMO_PASSWORD)
        counts = ", ".join(f"{model.objects.count()} {label}" for label, model in SUMMARY)
        self.stdout.write(f"The partnership now has {counts}.")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at /accounts/sign-in/ as:"))
        for user in users:
            agency = f" ({user.agency})" if user.agency else ""
            self.stdout.write(f"  {user.username:<13} {user.role_label}{agency}")
        self.stdout.write(f"  password for all of them: {settings.DEMO_PASSWORD}")
