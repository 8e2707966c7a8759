from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnership import demo


class Command(BaseCommand):
    help = "Load the demo partnership and one account per role. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run when DJANGO_ENV=production.")
        users = demo.load(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at /accounts/sign-in/ as:"))
        for user in users:
            agency = f" ({user.agency})" if user.agency else ""
            self.stdout.write(f"  {user.username:<13} {user.role_label}{agency}")
        self.stdout.write(f"  password for all of them: {settings.DEMO_PASSWORD}")
