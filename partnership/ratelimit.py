"""Rate limits on the public forms: sign-up, a new confirmation link, password reset and
subscribing to publications.

Each of them sends an email to whatever address is typed in, to anyone, signed in or not, so
without a limit they are a way to flood someone's inbox from our domain, or to make accounts and
subscriptions by the thousand. Every POST counts, valid or not, per form and per client address
in fixed windows of RATE_LIMIT_PUBLIC_FORMS. The address is REMOTE_ADDR (IPv6 counted per /64,
what one household or office is given), never X-Forwarded-For, which anyone can forge: behind a
proxy REMOTE_ADDR is the proxy's own address unless the proxy passes the client's on, and then
every visitor would share one allowance.

The counting is django-ratelimit's (`cache.add` then the atomic `cache.incr`, in Django's
cache: Redis wherever more than one process serves). It is left out of INSTALLED_APPS because
all that adds is a system check that calls locmem, the cache of `make run`, an error; there the
one process shares its locmem cache between all its threads, which is enough.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def limit_public_form(form: str):
    """Decorate a view (a class-based view's `post` through method_decorator) so that once an
    address has spent its posts to `form`, it answers 429 with the "too many times" page and
    does nothing else."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and is_ratelimited(
                request,
                group=f"public-form:{form}",
                key="ip",
                rate=settings.RATE_LIMIT_PUBLIC_FORMS,
                method="POST",
                increment=True,
            ):
                return too_many_attempts(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_attempts(request):
    return render(request, "429.html", {"wait": wait_words()}, status=429)


def wait_words(rate: str | None = None) -> str:
    """How long to wait, in words: "an hour" for 10/h, "2 hours" for 10/2h."""
    period = (rate or settings.RATE_LIMIT_PUBLIC_FORMS).split("/", 1)[1]
    number, unit = int(period[:-1] or 1), UNITS[period[-1]]
    if number == 1:
        return f"an {unit}" if unit == "hour" else f"a {unit}"
    return f"{number} {unit}s"
