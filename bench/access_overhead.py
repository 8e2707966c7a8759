"""What the access declaration costs a view: the same view called bare and behind
`declare(...)`, for the public, a permitted role and a refused role, in one run.

    .venv/bin/python bench/access_overhead.py
"""

import contextlib
import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from partnership.access import PUBLIC, declare, roles  # noqa: E402
from partnership.models import Role, User  # noqa: E402


def bare(request):
    return HttpResponse("ok")


public = declare(PUBLIC)(bare)
staff_only = declare(roles(Role.BUSINESS_UNIT))(bare)


def request_as(user):
    request = RequestFactory().get("/portal/")
    request.user = user
    return request


def refused(request):
    with contextlib.suppress(PermissionDenied):
        staff_only(request)


def main(number=20000, repeat=5):
    anonymous = request_as(AnonymousUser())
    business = request_as(User(username="b", role=Role.BUSINESS_UNIT))
    practitioner = request_as(User(username="p", role=Role.PRACTITIONER))
    cases = {
        "bare view": lambda: bare(anonymous),
        "public, anonymous": lambda: public(anonymous),
        "role check, allowed": lambda: staff_only(business),
        "role check, refused": lambda: refused(practitioner),
    }
    best = {
        name: min(timeit.repeat(call, number=number, repeat=repeat)) / number
        for name, call in cases.items()
    }
    base = best["bare view"]
    print(f"{'case':<22}{'µs per call':>12}{'× bare view':>14}")
    for name, seconds in best.items():
        print(f"{name:<22}{seconds * 1e6:>12.2f}{seconds / base:>14.2f}")


if __name__ == "__main__":
    main()
