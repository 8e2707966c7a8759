"""What each role sees in the header and on its dashboard.

Apps add their own entries with `register()` from their AppConfig.ready(), so the partnership
app never imports them (the arrows in DESIGN.md point one way).
"""

from dataclasses import dataclass

from django.urls import reverse

from .access import ALL_ROLES
from .models import Role
from .services.two_factor import second_factor_due


@dataclass(frozen=True)
class PortalLink:
    title: str
    url_name: str
    roles: frozenset
    description: str = ""
    in_header: bool = True
    on_dashboard: bool = True


_links: list[PortalLink] = []


@dataclass(frozen=True)
class PublicLink:
    """A page of the public site that another app offers, listed on the home page."""

    title: str
    url_name: str
    description: str


_public_links: list[PublicLink] = []


def register_public(link: PublicLink) -> None:
    if link.url_name not in {existing.url_name for existing in _public_links}:
        _public_links.append(link)


def public_links() -> list[dict]:
    return [
        {"title": link.title, "url": reverse(link.url_name), "description": link.description}
        for link in _public_links
    ]


def register(link: PortalLink) -> None:
    if link.url_name not in {existing.url_name for existing in _links}:
        _links.append(link)


def links_for(user) -> list[PortalLink]:
    if not user.is_authenticated:
        return []
    return [link for link in _links if user.role in link.roles]


def navigation_for(request) -> list[dict]:
    """Header items for the signed-in role, the current one marked active. None before the
    second factor is passed: every one of them would only lead back to the code page."""
    if second_factor_due(request):
        return []
    items = []
    for link in links_for(request.user):
        if not link.in_header:
            continue
        url = reverse(link.url_name)
        active = (
            request.path == url
            if url == reverse("portal:dashboard")
            else request.path.startswith(url)
        )
        items.append({"title": link.title, "url": url, "active": active})
    return items


register(
    PortalLink(
        "Dashboard",
        "portal:dashboard",
        ALL_ROLES,
        on_dashboard=False,
    )
)
register(
    PortalLink(
        "Your account",
        "portal:account",
        ALL_ROLES,
        description="Check the name, email address, role and agency we hold for you, and change your password.",
    )
)
register(
    PortalLink(
        "Administration",
        "admin:index",
        frozenset({Role.BUSINESS_UNIT}),
        description="Add staff accounts, make someone an agency lead, and see the scheduled tasks.",
        in_header=False,
    )
)
