from django.db import DatabaseError
from django.urls import reverse


def test_it_reports_the_database_and_broker_up(client, db, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False, "make test runs against a real Redis broker"

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "unreachable"}


def test_it_answers_503_when_the_database_is_down(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("partnership.views.public.connection", Unreachable())

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_on_the_embedded_default_tasks_run_in_process(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    assert client.get(reverse("healthz")).json()["broker"] == "in-process"
