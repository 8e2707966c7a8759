"""What the benchmarks share: a database URL pointed at another database, and a statement run
on the server's maintenance database."""

from urllib.parse import urlsplit, urlunsplit

import psycopg2


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin(url: str, sql: str) -> None:
    """Run one statement on the server's maintenance database, outside a transaction (CREATE
    and DROP DATABASE refuse to run inside one)."""
    conn = psycopg2.connect(with_database(url, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()
