"""The narrative sections' text: a safe subset of Markdown, never raw HTML.

markdown-it-py parses CommonMark with HTML switched off, so "<script>" is shown as text; nh3
then keeps only the tags the subset produces, and gives them GOV.UK classes. A heading in the
text becomes at most an h3: the report's own headings are h1 and h2."""

import nh3
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "table": "govuk-table",
    "blockquote": "govuk-inset-text",
}


def _demote(html: str) -> str:
    for level in (6, 5, 4, 3, 2, 1):
        target = min(level + 2, 4)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def narrative_html(text: str) -> str:
    html = _demote(_parser.render(text or ""))
    return nh3.clean(
        html,
        tags={"p", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "code"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values={tag: {"class": css} for tag, css in _CLASSES.items()},
    )
