"""A statutory clock's state and words on a given day, for reviews/_clock.html: a template
cannot call Clock.state(today) or Clock.describe(today) itself."""

import datetime

from django import template

from ..services.clocks import Clock, ClockState

register = template.Library()


@register.filter
def clock_state(clock: Clock, today: datetime.date) -> ClockState:
    """{% with state=clock|clock_state:today %}{{ state.words }}, {{ state.colour }}…"""
    return clock.state(today)


@register.filter
def clock_describe(clock: Clock, today: datetime.date) -> str:
    return clock.describe(today)
