from datetime import timedelta
from decimal import Decimal

from django import template
from django.urls import reverse

from ..views import paragraphs

register = template.Library()


@register.filter
def duration(value: timedelta) -> str:
    """A timedelta in words, to the minute: "1 hour 30 minutes"."""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


@register.filter(name="paragraphs")
def paragraphs_filter(text: str) -> list[str]:
    """Typed text as paragraphs, split at blank lines: {% for p in text|paragraphs %}."""
    return paragraphs(text or "")


@register.filter
def pounds(value) -> str:
    """An amount of money as the partnership prints it: "£64,320", or "£64,320.50" when it
    has pence. Blank for no amount; a Decimal all the way, never a float."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*steps: str) -> dict:
    """GOV.UK breadcrumbs from pairs of link text and URL name, outermost first:
    {% breadcrumbs "Dashboard" "portal:dashboard" "Meetings" "portal:meetings" %}."""
    if not steps or len(steps) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of link text and URL name")
    return {
        "links": [(text, reverse(name)) for text, name in zip(steps[::2], steps[1::2], strict=True)]
    }
