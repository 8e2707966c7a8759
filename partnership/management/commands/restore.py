from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `manage.py backup`: checks every part against the "
        "manifest, then restores the database and unpacks the uploaded files into MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup folder")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace a database that already holds tables",
        )

    def handle(self, *args, source, yes=False, **options):
        try:
            manifest = backup_restore(source=source, overwrite=yes)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']}: the {manifest['engine']} "
                f"database and {manifest['media_files']} uploaded files. If this code is newer "
                "than the backup, run `python manage.py migrate` next."
            )
        )
