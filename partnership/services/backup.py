"""Backups of the whole portal: the database and the uploaded files, in one folder.

A backup folder holds three parts:

- the database: `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `db.sqlite3` (a copy
  made with SQLite's online backup API, consistent while the portal is running);
- `media.tar.gz`: every file under MEDIA_ROOT;
- `manifest.json`, written last: when, which engine, the latest migration applied per app, the
  number of uploaded files, and the size and SHA-256 of each part.

Restoring checks the manifest and every checksum before it touches anything, so a tampered or
half-copied backup restores nothing. The records are about children's deaths and serious harm:
a backup folder is made readable by its owner only.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_PART = "media.tar.gz"
DATABASE_PARTS = {"postgresql": "database.dump", "sqlite": "db.sqlite3"}
FORMAT = 1


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def backup_create(
    *,
    output: Path | None = None,
    database: Mapping[str, Any] | None = None,
    media_root: Path | None = None,
) -> Backup:
    """Back up the database and the uploaded files into `output` (a new or empty folder;
    by default a timestamped one under BACKUP_DIR)."""
    database = database or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = _engine(database)
    now = timezone.now()
    output = Path(output or Path(settings.BACKUP_DIR) / f"backup-{now:%Y%m%dT%H%M%SZ}")
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty: back up into a new or empty folder.")
    if engine == "postgresql":
        _require("pg_dump")
    output.mkdir(parents=True, exist_ok=True)
    output.chmod(0o700)

    try:
        database_part = output / DATABASE_PARTS[engine]
        if engine == "postgresql":
            _pg_dump(database, database_part)
        else:
            _sqlite_copy(Path(database["NAME"]), database_part)
        media_files = _media_pack(media_root, output / MEDIA_PART)
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(),
            "engine": engine,
            "database": str(database["NAME"]),
            "migrations": _migration_state(database),
            "media_files": media_files,
            "parts": {
                part.name: {"bytes": part.stat().st_size, "sha256": _sha256(part)}
                for part in (database_part, output / MEDIA_PART)
            },
        }
        (output / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        # A folder without its manifest would be refused by restore anyway; leave nothing
        # behind that looks like a backup.
        for part in (*DATABASE_PARTS.values(), MEDIA_PART, MANIFEST):
            (output / part).unlink(missing_ok=True)
        raise
    return Backup(path=output, manifest=manifest)


def backup_verify(*, source: Path) -> dict:
    """Read the manifest and check each part against it; return the manifest or raise a
    BackupError naming the part that is missing or altered."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{source} has no {MANIFEST}: it is not a backup, or it was not finished."
        ) from None
    except (ValueError, OSError) as error:
        raise BackupError(f"{source / MANIFEST} cannot be read: {error}") from None
    engine = manifest.get("engine") if isinstance(manifest, dict) else None
    if engine not in DATABASE_PARTS or not isinstance(manifest.get("parts"), dict):
        raise BackupError(f"{source / MANIFEST} is not a backup manifest this portal wrote.")
    expected = {DATABASE_PARTS[engine], MEDIA_PART}
    if set(manifest["parts"]) != expected:
        raise BackupError(f"{source / MANIFEST} should list {', '.join(sorted(expected))}.")
    for name, recorded in manifest["parts"].items():
        part = source / name
        if not part.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing from {source}.")
        if part.stat().st_size != recorded.get("bytes") or _sha256(part) != recorded.get("sha256"):
            raise BackupError(
                f"{name} does not match the manifest (size or SHA-256 differs): the backup "
                "has been altered or damaged. Nothing was restored."
            )
    return manifest


def backup_restore(
    *,
    source: Path,
    database: Mapping[str, Any] | None = None,
    media_root: Path | None = None,
    overwrite: bool = False,
) -> dict:
    """Restore the backup in `source` into `database` (by default the portal's) and its files
    into `media_root`. Refuses a database that already holds tables unless `overwrite`."""
    source = Path(source)
    database = database or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = backup_verify(source=source)
    engine = _engine(database)
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this portal uses {engine}."
        )
    if engine == "postgresql":
        _require("pg_restore")
    if not overwrite:
        held = _database_contents(database)
        if held:
            raise BackupError(
                f"The database {database['NAME']} is not empty: it holds {held}. Restoring "
                "would replace all of it, and files of the same name in "
                f"{media_root}. Run restore again with --yes to do that."
            )
    with tarfile.open(source / MEDIA_PART, "r:gz") as archive:
        # Every member is checked before anything is written, so an archive with one path
        # that escapes MEDIA_ROOT (or a link, or a device) restores nothing at all.
        for member in archive.getmembers():
            try:
                tarfile.data_filter(member, str(media_root))
            except tarfile.FilterError as error:
                raise BackupError(
                    f"{MEDIA_PART} holds {member.name!r}, which may not be unpacked into "
                    f"{media_root} ({error}). Nothing was restored."
                ) from None

    database_part = source / DATABASE_PARTS[engine]
    if engine == "postgresql":
        _pg_restore(database_part, database)
    else:
        _sqlite_copy(database_part, Path(database["NAME"]))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_PART, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    return manifest


# The database


def _engine(database: Mapping[str, Any]) -> str:
    engine = database["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Backups cover PostgreSQL and SQLite, not {engine}.")


def _require(program: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed. Install the PostgreSQL client tools of the server's "
            "major version or newer (on Debian: apt-get install postgresql-client)."
        )


def _pg_arguments(database: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    arguments = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments.append(f"{flag}={database[key]}")
    environment = dict(os.environ)
    # The password goes through the environment, never the command line that `ps` shows.
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    # A list, never a shell: the database name and host cannot be read as shell syntax.
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            f"{command[0]} failed (exit status {result.returncode}): "
            f"{result.stderr.strip() or 'no message'}"
        )


def _pg_dump(database: Mapping[str, Any], target: Path) -> None:
    arguments, environment = _pg_arguments(database)
    _run(
        ["pg_dump", "--format=custom", f"--file={target}", *arguments, str(database["NAME"])],
        environment,
    )


def _pg_restore(source: Path, database: Mapping[str, Any]) -> None:
    arguments, environment = _pg_arguments(database)
    # One transaction: a restore that fails halfway leaves the database as it was.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            *arguments,
            str(source),
        ],
        environment,
    )


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    # The backup API copies page by page under SQLite's own locks, so the copy is consistent
    # even while the portal writes; copying the file could catch a write halfway.
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _connect(database: Mapping[str, Any]):
    if _engine(database) == "sqlite":
        return sqlite3.connect(database["NAME"])
    try:
        return psycopg2.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
        )
    except psycopg2.OperationalError as error:
        raise BackupError(f"Cannot connect to the database {database['NAME']}: {error}") from None


def _tables(cursor, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
    return [name for (name,) in cursor.fetchall()]


def table_counts(database: Mapping[str, Any]) -> dict[str, int]:
    """Rows in each table of the database, by table name."""
    engine = _engine(database)
    if engine == "sqlite" and not Path(database["NAME"]).exists():
        return {}
    with closing(_connect(database)) as db:
        cursor = db.cursor()
        counts = {}
        for table in _tables(cursor, engine):
            # The names come from the database's own catalogue, quoted as identifiers.
            quoted = table.replace('"', '""')
            cursor.execute(f'SELECT COUNT(*) FROM "{quoted}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def _database_contents(database: Mapping[str, Any]) -> str:
    counts = table_counts(database)
    if not counts:
        return ""
    return f"{len(counts)} tables with {sum(counts.values())} rows"


def _migration_state(database: Mapping[str, Any]) -> dict[str, str]:
    """The latest migration applied per app, as the database records it."""
    engine = _engine(database)
    with closing(_connect(database)) as db:
        cursor = db.cursor()
        if "django_migrations" not in _tables(cursor, engine):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
        return dict(sorted(dict(cursor.fetchall()).items()))


# The uploaded files


def _media_pack(media_root: Path, target: Path) -> int:
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    count += 1
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
