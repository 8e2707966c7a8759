from django import template

register = template.Library()


@register.filter
def share_of(shares, kind: str):
    """One statutory partner's share in a year's PartnerShares: {{ year|share_of:"police" }}."""
    return shares.of(kind)
