"""The page check itself must be able to fail, or every green run above means nothing."""

import pytest

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_it_fails_a_page_with_a_serious_violation(page):
    page.set_content(
        '<html lang="en"><title>t</title><main><h1>Page</h1><img src="data:,"></main></html>'
    )

    with pytest.raises(AssertionError, match="accessibility violations"):
        assert_accessible(page, "check-image-without-alt")


def test_it_fails_a_page_without_a_heading(page):
    page.set_content('<html lang="en"><title>t</title><main><p>No heading</p></main></html>')

    with pytest.raises(AssertionError, match="needs one h1"):
        assert_accessible(page, "check-no-heading")


def test_it_fails_a_page_that_logs_an_error(page):
    page.set_content('<html lang="en"><title>t</title><main><h1>Page</h1></main></html>')
    page.evaluate("console.error('boom')")

    with pytest.raises(AssertionError, match="logged errors"):
        assert_accessible(page, "check-console-error")
