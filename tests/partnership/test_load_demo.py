import pytest
from django.core.management import CommandError, call_command

from partnership.models import Agency, Role, User


def test_it_loads_one_user_per_role_and_is_safe_to_run_twice(db, settings, capsys):
    call_command("load_demo")
    call_command("load_demo")

    users = {user.username: user for user in User.objects.select_related("agency")}
    assert set(users) == {"business", "scrutineer", "agency", "practitioner", "partner"}
    assert {user.role for user in users.values()} == set(Role)
    assert users["agency"].agency.kind in {"police", "health"}
    assert all(user.check_password(settings.DEMO_PASSWORD) for user in users.values())
    assert Agency.objects.count() == Agency.objects.values("name").distinct().count() >= 10
    output = capsys.readouterr().out
    assert settings.DEMO_PASSWORD in output
    assert "business" in output


def test_the_password_comes_from_demo_password(db, settings):
    settings.DEMO_PASSWORD = "another-demo-password"

    call_command("load_demo")

    assert User.objects.get(username="scrutineer").check_password("another-demo-password")


def test_it_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="refuses to run when DJANGO_ENV=production"):
        call_command("load_demo")
    assert not User.objects.exists()
