"""`manage.py backup` and `restore`: a backup of the demo partnership restores into an empty
PostgreSQL database with every record and file; a tampered or partial backup restores nothing;
the embedded SQLite database round-trips too."""

import json
import os
import shutil
import sqlite3
import tarfile
import uuid
from contextlib import closing
from io import BytesIO

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import sql

from partnership import demo
from partnership.models import Publication
from partnership.services.backup import (
    BackupError,
    backup_create,
    backup_restore,
    table_counts,
)

from ..factories import PDF_BYTES, AgencyFactory, PersonFactory, PublicationFactory, pdf

# Without pg_dump on a developer's machine the PostgreSQL tests are skipped; in CI they run
# and fail, so a missing client cannot hide a broken backup.
needs_pg_dump = pytest.mark.skipif(
    shutil.which("pg_dump") is None and not os.environ.get("CI"),
    reason="pg_dump is not installed (Debian: apt-get install postgresql-client); "
    "make test installs it",
)


def _server(name="postgres"):
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database beside the test database, dropped afterwards."""
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    with closing(_server()) as server:
        server.autocommit = True
        server.cursor().execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {**connection.settings_dict, "NAME": name}
    with closing(_server()) as server:
        server.autocommit = True
        server.cursor().execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def records(transactional_db):
    """The demo partnership and a publication with an uploaded PDF."""
    demo.load(password="x")
    for name in ("Backup Agency One", "Backup Agency Two"):
        PersonFactory(agency=AgencyFactory(name=name))
    return PublicationFactory(title="Annual report", file=pdf("annual-report.pdf"))


@needs_pg_dump
def test_a_backup_restores_every_record_and_file_into_an_empty_database(
    records, empty_database, tmp_path
):
    backup = backup_create(output=tmp_path / "backup")

    assert sorted(p.name for p in backup.path.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    manifest = json.loads((backup.path / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql"
    assert manifest["migrations"]["partnership"].startswith("00")
    assert manifest["media_files"] >= 1

    restored_media = tmp_path / "restored-media"
    backup_restore(source=backup.path, database=empty_database, media_root=restored_media)

    source_counts = table_counts(connection.settings_dict)
    assert source_counts["partnership_agency"] > 2
    assert source_counts["partnership_publication"] >= 1
    assert table_counts(empty_database) == source_counts
    with closing(_server(empty_database["NAME"])) as restored:
        cursor = restored.cursor()
        cursor.execute("SELECT file FROM partnership_publication WHERE id = %s", [records.pk])
        (file_name,) = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM partnership_agency WHERE name LIKE 'Backup Agency%%'")
        assert cursor.fetchone() == (2,)
    assert file_name == Publication.objects.get(pk=records.pk).file.name
    assert (restored_media / file_name).read_bytes() == PDF_BYTES


@needs_pg_dump
def test_a_tampered_backup_is_refused_and_restores_nothing(records, empty_database, tmp_path):
    backup = backup_create(output=tmp_path / "backup")
    archive = backup.path / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed, the size the same
    archive.write_bytes(bytes(data))
    restored_media = tmp_path / "restored-media"

    with pytest.raises(BackupError, match="media.tar.gz does not match the manifest"):
        backup_restore(source=backup.path, database=empty_database, media_root=restored_media)

    assert table_counts(empty_database) == {}
    assert not restored_media.exists()


@needs_pg_dump
def test_a_partial_backup_is_refused_naming_the_missing_part(
    transactional_db, empty_database, tmp_path
):
    backup = backup_create(output=tmp_path / "backup")
    (backup.path / "database.dump").unlink()

    with pytest.raises(BackupError, match="database.dump is missing"):
        backup_restore(source=backup.path, database=empty_database, media_root=tmp_path / "m")
    assert table_counts(empty_database) == {}


@needs_pg_dump
def test_a_media_member_escaping_media_root_restores_nothing(
    transactional_db, empty_database, tmp_path
):
    backup = backup_create(output=tmp_path / "backup")
    archive = backup.path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as evil:
        member = tarfile.TarInfo("../outside.txt")
        member.size = 5
        evil.addfile(member, BytesIO(b"owned"))
    _reseal(backup.path)

    with pytest.raises(BackupError, match="'../outside.txt'"):
        backup_restore(source=backup.path, database=empty_database, media_root=tmp_path / "m")
    assert table_counts(empty_database) == {}
    assert not (tmp_path / "outside.txt").exists()


@needs_pg_dump
def test_it_refuses_a_database_that_is_not_empty_without_yes(records, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backup"))

    with pytest.raises(CommandError, match=r"is not empty: it holds \d+ tables with \d+ rows"):
        call_command("restore", str(tmp_path / "backup"))


def test_the_backup_command_fails_loudly_without_pg_dump(transactional_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))

    with pytest.raises(CommandError, match="pg_dump is not installed"):
        call_command("backup", "--output", str(tmp_path / "backup"))
    assert not (tmp_path / "backup").exists()


@needs_pg_dump
def test_the_backup_command_reports_pg_dump_failing(transactional_db, tmp_path):
    database = {**connection.settings_dict, "NAME": "portal_no_such_database"}

    with pytest.raises(BackupError, match="pg_dump failed"):
        backup_create(output=tmp_path / "backup", database=database)
    assert list((tmp_path / "backup").iterdir()) == []


def test_an_sqlite_database_round_trips(tmp_path):
    source = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "portal.sqlite3"}
    with closing(sqlite3.connect(source["NAME"])) as db, db:
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name, applied)")
        db.execute("INSERT INTO django_migrations VALUES (1, 'partnership', '0001_initial', 1)")
        db.execute("INSERT INTO django_migrations VALUES (2, 'partnership', '0002_more', 2)")
        db.execute("CREATE TABLE agency (id INTEGER PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO agency (name) VALUES (?)", [("Police",), ("Health",)])
    media = tmp_path / "media"
    (media / "publications").mkdir(parents=True)
    (media / "publications" / "report.pdf").write_bytes(PDF_BYTES)

    backup = backup_create(output=tmp_path / "backup", database=source, media_root=media)
    assert backup.manifest["engine"] == "sqlite"
    assert backup.manifest["migrations"] == {"partnership": "0002_more"}
    assert (backup.path / "db.sqlite3").is_file()

    target = {**source, "NAME": tmp_path / "restored.sqlite3"}
    backup_restore(source=backup.path, database=target, media_root=tmp_path / "restored")

    assert table_counts(target) == {"agency": 2, "django_migrations": 2}
    with closing(sqlite3.connect(target["NAME"])) as db:
        assert db.execute("SELECT name FROM agency ORDER BY id").fetchall() == [
            ("Police",),
            ("Health",),
        ]
    assert (tmp_path / "restored" / "publications" / "report.pdf").read_bytes() == PDF_BYTES

    with pytest.raises(BackupError, match="is not empty"):
        backup_restore(source=backup.path, database=target, media_root=tmp_path / "restored")


def _reseal(folder):
    """Rewrite the manifest's checksums, as someone who altered a backup on purpose would."""
    from partnership.services.backup import _sha256

    manifest = json.loads((folder / "manifest.json").read_text())
    for name, part in manifest["parts"].items():
        part["bytes"] = (folder / name).stat().st_size
        part["sha256"] = _sha256(folder / name)
    (folder / "manifest.json").write_text(json.dumps(manifest))
