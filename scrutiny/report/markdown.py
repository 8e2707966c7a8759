"""The narrative sections' text: a safe subset of Markdown, never raw HTML.

markdown-it-py parses CommonMark with HTML switched off, so "<script>" is shown as text; the
publications' cleaner then keeps only the tags the subset produces, with their GOV.UK classes.
A heading in the text becomes at most an h3: the report's own headings are h1 and h2."""

from markdown_it import MarkdownIt

from partnership.services.publications import clean_html

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

# What the Markdown subset produces once its headings are demoted; clean_html gives each the
# same GOV.UK class as in a publication's body.
NARRATIVE_TAGS = frozenset(
    {"p", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "code"}
)


def _demote(html: str) -> str:
    for level in (6, 5, 4, 3, 2, 1):
        target = min(level + 2, 4)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def narrative_html(text: str) -> str:
    return clean_html(_demote(_parser.render(text or "")), tags=NARRATIVE_TAGS)
