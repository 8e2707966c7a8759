"""The one pagination every list uses: partnership.views.paginate and its template."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from partnership.views import PAGE_SIZE, paginate


def page_of(rows, query):
    request = RequestFactory().get("/list/", query)
    request.user = AnonymousUser()  # for the context processors
    return request, paginate(request, rows)


def test_it_pages_25_rows_at_a_time():
    _, page = page_of(range(60), {"page": "3"})

    assert PAGE_SIZE == 25
    assert list(page) == list(range(50, 60))


@pytest.mark.parametrize(("asked", "shown"), [("", 1), ("x", 1), ("99", 10)])
def test_a_missing_wrong_or_too_high_page_number_shows_a_page_that_exists(asked, shown):
    _, page = page_of(range(250), {"page": asked})

    assert page.number == shown


def test_the_links_are_the_first_and_last_pages_and_the_current_ones_neighbours():
    _, page = page_of(range(250), {"page": "5"})

    ellipsis = page.paginator.ELLIPSIS
    assert page.numbers == [1, ellipsis, 4, 5, 6, ellipsis, 10]


def test_the_links_keep_the_filters_but_not_the_filter_buttons_value():
    request, page = page_of(range(60), {"status": "on_track", "submit": "Apply filters"})

    html = render_to_string(
        "includes/pagination.html", {"page": page, "label": "actions"}, request=request
    )

    assert 'aria-label="Pagination of actions"' in html
    assert 'href="?status=on_track&amp;page=2" rel="next"' in html
    assert "submit" not in html


def test_a_single_page_has_no_pagination():
    request, page = page_of(range(25), {})

    assert (
        render_to_string("includes/pagination.html", {"page": page}, request=request).strip() == ""
    )
