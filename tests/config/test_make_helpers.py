"""The helpers `make` calls: they must say exactly what is missing."""

import subprocess
import sys

from django.conf import settings

BIN = settings.BASE_DIR / "bin"


def run(script, tmp_path, **env):
    # A PATH without pg_ctlcluster or redis-server: the helper cannot start anything here.
    clean = {"PATH": str(tmp_path), "HOME": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, str(BIN / script)], env=clean, capture_output=True, text=True, timeout=60
    )


def test_ensure_services_names_the_server_it_cannot_reach(tmp_path):
    result = run(
        "ensure_services.py",
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/portal",
        REDIS_URL="redis://127.0.0.1:2/0",
    )

    assert result.returncode == 1
    assert "PostgreSQL is not reachable at 127.0.0.1:1" in result.stderr
    assert "Redis is not reachable at redis://127.0.0.1:2/0" in result.stderr


def test_ensure_services_passes_when_both_are_up(tmp_path):
    result = run(
        "ensure_services.py",
        tmp_path,
        DATABASE_URL=settings.DATABASE_URL or "",
        REDIS_URL=settings.REDIS_URL,
    )

    assert result.returncode == 0, result.stderr
    assert "PostgreSQL and Redis are up" in result.stdout


def test_the_weasyprint_check_says_what_to_install_when_pango_is_missing(tmp_path):
    fake = tmp_path / "weasyprint.py"
    fake.write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n")

    result = run("check_weasyprint.py", tmp_path, PYTHONPATH=str(tmp_path))

    assert result.returncode == 1
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "cannot load library 'libpango-1.0-0'" in result.stderr


def test_the_weasyprint_check_is_silent_when_pango_loads(tmp_path):
    result = run("check_weasyprint.py", tmp_path)

    assert (result.returncode, result.stderr) == (0, "")
