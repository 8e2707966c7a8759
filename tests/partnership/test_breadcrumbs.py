"""The {% breadcrumbs %} tag every page's trail is drawn with."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse


def render(source):
    return Template("{% load portal %}" + source).render(Context())


def test_it_links_each_step_in_order_to_its_url():
    html = render('{% breadcrumbs "Dashboard" "portal:dashboard" "Meetings" "portal:meetings" %}')

    dashboard = (
        f'<a class="govuk-breadcrumbs__link" href="{reverse("portal:dashboard")}">Dashboard</a>'
    )
    meetings = (
        f'<a class="govuk-breadcrumbs__link" href="{reverse("portal:meetings")}">Meetings</a>'
    )
    assert 'class="govuk-breadcrumbs" aria-label="Breadcrumb"' in html
    assert dashboard in html and meetings in html
    assert html.index(dashboard) < html.index(meetings)


def test_a_step_without_its_url_name_is_a_template_error():
    with pytest.raises(TemplateSyntaxError, match="pairs of link text and URL name"):
        render('{% breadcrumbs "Dashboard" %}')
