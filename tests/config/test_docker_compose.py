"""The production deployment: docker-compose.yml and the Dockerfile it builds.

These read the files as text and YAML, so they need no database and no Docker daemon. When a
Compose client is installed, `docker compose config` also checks the file against the spec.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

SERVICES = {"web", "worker", "beat", "postgres", "redis"}
APP_SERVICES = {"web", "worker", "beat"}
DUMMY_SECRETS = {"SECRET_KEY": "compose-test-secret", "POSTGRES_PASSWORD": "compose-test-password"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile():
    return DOCKERFILE.read_text()


def command_text(service) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def health_check_text(service) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def instructions(dockerfile: str) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", dockerfile)
    return [
        line.strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")
    ]


# The Compose file


def test_it_is_a_compose_specification_file_without_a_version_key(compose):
    assert "version" not in compose


def test_it_defines_the_five_services_with_health_checks(services):
    assert set(services) == SERVICES
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_postgres_and_redis_run_the_supported_major_versions(services):
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")


def test_the_image_has_the_pg_dump_of_the_servers_major_version(services):
    """`manage.py backup` runs pg_dump in the web container; pg_dump refuses a server newer
    than itself, so the image's client and the compose file's server move together."""
    major = services["postgres"]["image"].split(":")[1].split(".")[0]
    dockerfile = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()
    assert f"postgresql-client-{major} " in dockerfile


def test_postgres_keeps_its_data_in_a_named_volume_and_needs_a_password(compose, services):
    postgres = services["postgres"]
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert postgres["environment"]["POSTGRES_DB"] == "portal"
    assert postgres["environment"]["POSTGRES_USER"] == "portal"
    assert postgres["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_web_migrates_the_database_and_then_serves_with_gunicorn(services):
    command = command_text(services["web"])
    assert "gunicorn" in command
    assert "config.wsgi:application" in command
    assert "0.0.0.0:8000" in command
    assert command.index("migrate --noinput") < command.index("gunicorn")
    assert any(str(port).startswith("8000:") for port in services["web"]["ports"])


def test_worker_and_beat_run_celery_for_the_config_app(services):
    assert command_text(services["worker"]).startswith("celery -A config worker")
    assert command_text(services["beat"]).startswith("celery -A config beat")


def test_every_app_service_builds_the_image_and_shares_one_production_environment(
    compose, services
):
    shared = compose["x-portal-env"]
    assert {name for name, service in services.items() if "build" in service} == APP_SERVICES
    for name in APP_SERVICES:
        # The same object: YAML gives every alias of the anchor the one mapping.
        assert services[name]["environment"] is shared, f"{name} has its own environment"
    assert shared["DJANGO_ENV"] == "production"
    assert shared["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert shared["DATABASE_URL"].startswith("postgres://portal:${POSTGRES_PASSWORD")
    assert shared["DATABASE_URL"].endswith("@postgres:5432/portal")
    assert shared["REDIS_URL"] == "redis://redis:6379/0"
    assert shared["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-true}"
    assert shared["MEDIA_ROOT"] == "/app/media"


def test_app_services_wait_for_healthy_postgres_and_redis(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name


def test_worker_and_beat_wait_for_web_so_the_migrations_have_run(services):
    for name in ["worker", "beat"]:
        assert services[name]["depends_on"]["web"]["condition"] == "service_healthy", name


def test_web_and_worker_share_the_media_volume(compose, services):
    def media_volumes(service):
        return {v.split(":")[0] for v in service.get("volumes", []) if v.endswith(":/app/media")}

    shared = media_volumes(services["web"]) & media_volumes(services["worker"])
    assert len(shared) == 1
    assert shared <= set(compose["volumes"])


def test_no_other_service_can_serve_the_media_volume(services):
    # Uploads are sent only by the portal's views, which check who is asking: a static file
    # server given the volume would hand out every draft and meeting paper to anyone.
    media = {v.split(":")[0] for v in services["web"]["volumes"] if v.endswith(":/app/media")}
    mounting = {
        name
        for name, service in services.items()
        if media & {v.split(":")[0] for v in service.get("volumes", [])}
    }
    assert mounting == {"web", "worker"}


def test_web_health_check_asks_for_healthz_as_the_https_proxy_would(services):
    check = health_check_text(services["web"])
    assert "http://127.0.0.1:8000/healthz" in check
    assert '"X-Forwarded-Proto": "https"' in check
    assert '"Host": "localhost"' in check


def test_worker_health_check_pings_its_own_celery_node(services):
    check = health_check_text(services["worker"])
    assert "celery -A config inspect ping -d celery@$$HOSTNAME" in check


def test_postgres_and_redis_health_checks_ask_the_servers(services):
    assert "pg_isready -U portal -d portal" in health_check_text(services["postgres"])
    assert "redis-cli ping" in health_check_text(services["redis"])


def test_beat_health_check_can_run_in_the_image(services, dockerfile):
    check = health_check_text(services["beat"])
    if "pgrep" in check:
        assert "procps" in dockerfile, "pgrep needs procps installed in the image"


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
def test_beat_health_check_passes_only_while_a_beat_process_runs(services, tmp_path):
    test = services["beat"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    script = test[3]

    def check() -> int:
        return subprocess.run([sys.executable, "-c", script], timeout=30).returncode

    # The check must not find itself: its own command line holds "celery" and "beat" too.
    assert check() == 1
    stand_in = tmp_path / "celery"
    stand_in.write_text("import time\ntime.sleep(60)\n")
    beat = subprocess.Popen([sys.executable, str(stand_in), "-A", "config", "beat"])
    try:
        assert check() == 0
    finally:
        beat.kill()
        beat.wait()


# The Dockerfile


def test_the_image_installs_the_pinned_dependencies_before_copying_the_code(dockerfile):
    steps = instructions(dockerfile)
    copy_manifests = next(i for i, s in enumerate(steps) if re.match(r"COPY .*constraints\.txt", s))
    install = next(i for i, s in enumerate(steps) if "pip install" in s)
    copy_code = steps.index("COPY . .")
    assert "pyproject.toml" in steps[copy_manifests]
    assert re.search(r"pip install .*-c constraints\.txt \.", steps[install])
    assert copy_manifests < install < copy_code


def test_the_image_starts_from_python_311_on_bookworm(dockerfile):
    assert instructions(dockerfile)[0] == "FROM python:3.11-slim-bookworm"


def test_the_image_has_the_system_libraries_weasyprint_needs(dockerfile):
    for package in [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-liberation",
    ]:
        assert package in dockerfile
    assert "--no-install-recommends" in dockerfile
    assert "rm -rf /var/lib/apt/lists/*" in dockerfile


def test_the_image_collects_static_files_with_throwaway_settings(dockerfile):
    collect = next(s for s in instructions(dockerfile) if "collectstatic" in s)
    assert "DJANGO_ENV=production" in collect
    assert "SECRET_KEY=build-only" in collect
    assert "python manage.py collectstatic --noinput" in collect


def test_the_image_leaves_the_environment_to_compose(dockerfile):
    env_lines = [s for s in instructions(dockerfile) if s.startswith(("ENV ", "ARG "))]
    assert not any("DJANGO_ENV" in s or "SECRET_KEY" in s for s in env_lines)


def test_the_image_runs_as_a_non_root_user(dockerfile):
    users = [s.split()[1] for s in instructions(dockerfile) if s.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}


def test_the_image_serves_with_gunicorn_by_default(dockerfile):
    cmd = [s for s in instructions(dockerfile) if s.startswith("CMD ")][-1]
    argv = json.loads(cmd.removeprefix("CMD "))
    assert argv[:2] == ["gunicorn", "config.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8000"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--access-logfile") + 1] == "-"


def test_the_build_context_leaves_out_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    # media and backups hold uploads and database dumps: baked into an image, they would be
    # readable by anyone who can pull it, and would seed a new media volume.
    local_state = [".venv", ".git", "db.sqlite3*", "media", "backups", "staticfiles"]
    for entry in [*local_state, "frontend/node_modules"]:
        assert entry in ignored


# Validation by a real Compose client, when there is one


def compose_client() -> tuple[list[str], str] | None:
    """The command and quiet flag of the installed Compose client, if any."""
    if shutil.which("docker"):
        try:
            plugin = subprocess.run(
                ["docker", "compose", "version"], capture_output=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            plugin = None
        if plugin is not None and plugin.returncode == 0:
            return ["docker", "compose"], "--quiet"
    if shutil.which("docker-compose"):
        return ["docker-compose"], "-q"
    return None


@pytest.fixture(scope="module")
def client():
    found = compose_client()
    if found is None:
        pytest.skip(
            "no Compose client: neither the `docker compose` plugin nor `docker-compose` "
            "is installed, so docker-compose.yml is checked as YAML only"
        )
    return found


def run_compose_config(client, environment, tmp_path):
    """`compose config` with an empty env file, so a local .env cannot change the outcome."""
    command, quiet = client
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    return subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "--env-file", str(empty_env_file), "config", quiet],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_accepts_the_file_when_the_secrets_are_set(client, tmp_path):
    result = run_compose_config(client, {**os.environ, **DUMMY_SECRETS}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_a_secret_key(client, tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment["POSTGRES_PASSWORD"] = DUMMY_SECRETS["POSTGRES_PASSWORD"]
    result = run_compose_config(client, environment, tmp_path)
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr
