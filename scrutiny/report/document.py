"""Assembling a yearly report: its visible sections in order, each narrative rendered from
its Markdown and each generated one gathered from the records, into one HTML template that
serves the on-screen preview, the public web page and the PDF.

Modes:
- "screen": the preview inside the portal; provenance links to the records.
- "web": the body of the published Publication; provenance links too.
- "pdf": a whole HTML document for WeasyPrint, with the title page and no links out.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from ..models import ReportSection, YearlyReport
from .markdown import narrative_html
from .sections import kind_of

MODES = ("screen", "web", "pdf")
PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "scrutiny" / "report-print.css"


@dataclass
class DocumentSection:
    section: ReportSection
    number: str  # "3" for a chapter, "A" for an appendix
    template: str | None = None
    data: dict | None = None
    html: str = ""

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.section.title}"


def document_sections(report: YearlyReport) -> list[DocumentSection]:
    """The report's visible sections, numbered (chapters 1, 2, 3; appendices A, B), each with
    its content. A section whose kind is no longer known is left out rather than failing."""
    chapters = appendices = 0
    result = []
    for section in report.sections.filter(is_hidden=False).order_by("position", "pk"):
        kind = None if section.is_narrative else kind_of(section.kind)
        if not section.is_narrative and kind is None:
            continue
        if section.is_appendix:
            appendices += 1
            number = chr(ord("A") + appendices - 1)
        else:
            chapters += 1
            number = str(chapters)
        entry = DocumentSection(section, number)
        if kind is None:
            entry.html = narrative_html(section.body)
        else:
            entry.template = kind.template
            entry.data = kind.gather(report)
        result.append(entry)
    return result


def document_context(report: YearlyReport, *, mode: str) -> dict:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    return {
        "report": report,
        "sections": document_sections(report),
        "mode": mode,
        "links": mode != "pdf",
        "partnership_name": settings.PARTNERSHIP_NAME,
        "portal_url": settings.PORTAL_URL.rstrip("/"),
    }


def report_html(report: YearlyReport, *, mode: str) -> str:
    """The report as HTML: the fragment for "screen" and "web", a whole document for "pdf"."""
    context = document_context(report, mode=mode)
    template = "scrutiny/report/pdf.html" if mode == "pdf" else "scrutiny/report/document.html"
    return render_to_string(template, context)
