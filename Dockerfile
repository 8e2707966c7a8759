# The portal's image: one image for the web server, the Celery worker and Celery beat.
# docker-compose.yml sets DJANGO_ENV=production and the rest of the configuration at run time.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango, HarfBuzz and fonts for WeasyPrint's PDFs; pg_dump and pg_restore for `manage.py
# backup` and `restore`. Bookworm's client is PostgreSQL 15, the major version
# docker-compose.yml runs and the suite is tested against: pg_dump refuses a newer server.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-liberation \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. packages = [] in
# pyproject.toml: this installs the pinned dependencies only; the code is copied next.
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt . \
    && rm -rf build *.egg-info

COPY . .

# Static files for WhiteNoise, gathered with throwaway values: the real ones come at run time.
RUN DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

# The code stays root's; uploads go to /app/media, which the app user owns (a new named
# volume mounted there takes this ownership).
RUN mkdir -p /app/media && chown app:app /app/media

USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
