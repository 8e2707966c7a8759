from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.services.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API) and the uploaded files into "
        "a folder, with a manifest of checksums. Default: a timestamped folder in BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="a new or empty folder to write into")

    def handle(self, *args, output=None, **options):
        try:
            backup = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.manifest
        parts = ", ".join(
            f"{name} ({part['bytes']:,} bytes)" for name, part in manifest["parts"].items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['engine']} database and "
                f"{manifest['media_files']} uploaded files into {backup.path}: {parts}."
            )
        )
