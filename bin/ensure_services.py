"""Make sure the PostgreSQL and Redis that the tests use are running, starting them on Debian
if they are not, and create the database if it does not exist yet."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2
import redis
from psycopg2 import sql


def postgres_reachable(config) -> bool:
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            connect_timeout=3,
        ).close()
        return True
    except psycopg2.OperationalError:
        return False


def redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def start_postgres() -> bool:
    """Try to start the Debian cluster; say whether there was anything to start it with."""
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return False
    for version in sorted(os.listdir("/etc/postgresql")):
        print(f"Starting PostgreSQL {version} with pg_ctlcluster")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
        )
    return True


def start_redis() -> bool:
    if not shutil.which("redis-server"):
        return False
    print("Starting redis-server")
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=False,
    )
    return True


def wait_for(check, *args) -> bool:
    for _ in range(20):
        if check(*args):
            return True
        time.sleep(0.5)
    return False


def ensure_database(config) -> None:
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    connection.close()


def main() -> int:
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ["REDIS_URL"]
    config = dj_database_url.parse(database_url)
    problems = []
    if not postgres_reachable(config) and not (
        start_postgres() and wait_for(postgres_reachable, config)
    ):
        problems.append(
            f"PostgreSQL is not reachable at {config['HOST']}:{config['PORT']}. Start it, or set "
            "DATABASE_URL to one that is (e.g. postgres://postgres@127.0.0.1:5432/portal)."
        )
    if not redis_reachable(redis_url) and not (
        start_redis() and wait_for(redis_reachable, redis_url)
    ):
        problems.append(
            f"Redis is not reachable at {redis_url}. Start it (redis-server --daemonize yes), or "
            "set REDIS_URL to one that is."
        )
    if problems:
        print(
            "make test needs real PostgreSQL and Redis servers:",
            *problems,
            sep="\n  ",
            file=sys.stderr,
        )
        return 1
    ensure_database(config)
    print(f"PostgreSQL and Redis are up ({config['HOST']}:{config['PORT']}, {redis_url}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
