from django.core.management.base import BaseCommand

from scrutiny.models import Framework
from scrutiny.services.frameworks import SHIPPED, framework_load_shipped


class Command(BaseCommand):
    help = (
        "Load the frameworks shipped in scrutiny/frameworks/ (the six-step checklist and the "
        "Section 11 standards) whose version is not loaded yet. Safe to run again."
    )

    def handle(self, *args, **options):
        before = Framework.objects.count()
        frameworks = framework_load_shipped()
        added = Framework.objects.count() - before
        for framework in frameworks:
            self.stdout.write(f"{framework.slug} version {framework.version}: {framework.name}")
        self.stdout.write(
            f"Loaded {added} new framework{'s' if added != 1 else ''} from {SHIPPED}; "
            f"{len(frameworks) - added} already loaded."
        )
