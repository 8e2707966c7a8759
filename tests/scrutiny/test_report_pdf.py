"""The yearly report's PDF: tagged for PDF/UA (checked by opening the file with pikepdf, since
WeasyPrint's PDF/UA output is still maturing), laid out as the issue asks (read back page by
page with pypdf), and made by a job that can be run twice without making two files."""

import io
import re
from pathlib import Path

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from pypdf import PdfReader
from weasyprint import HTML

from scrutiny.models import RenderJob, RenderState
from scrutiny.report import pdf as pdf_module
from scrutiny.report.document import PRINT_CSS, document_sections, report_html
from scrutiny.report.pdf import job_file_name, render_job_run, report_pdf

from .report_factories import TITLE, realistic_report

MEMBERS = 150
# What a PDF viewer may paint: text, images and forms, and shadings.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh"}


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """One realistic report rendered once for the whole module (a render takes seconds). The
    records are made inside a transaction that is rolled back, so no test sees them."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = realistic_report(members=MEMBERS)
        content = report_pdf(built.report).content
        html = report_html(built.report, mode="pdf")
        headings = [
            ("Appendix " if entry.section.is_appendix else "") + entry.heading
            for entry in document_sections(built.report)
        ]
        checklist_heading = next(h for h in headings if "Independent scrutiny" in h)
        transaction.set_rollback(True)
    reader = PdfReader(io.BytesIO(content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    return {
        "content": content,
        "html": html,
        "pdf": pikepdf.open(io.BytesIO(content)),
        "pages": pages,
        "headings": headings,
        "checklist_heading": checklist_heading,
        "ratings": built.ratings,
        "job_titles": built.job_titles,
    }


def untagged_content(pdf: pikepdf.Pdf) -> list[str]:
    """What on which page a screen reader cannot reach: a page outside the structure tree's
    parent tree, anything painted outside marked content that has an MCID (or is marked as
    an artifact), or an MCID with no structure element behind it. Empty when all is tagged."""
    if "/StructTreeRoot" not in pdf.Root:
        return ["the document has no structure tree"]
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        if "/StructParents" not in page.obj or int(page.obj.StructParents) not in parents:
            problems.append(f"page {number} is not in the parent tree")
            continue
        elements = parents[int(page.obj.StructParents)]
        open_marks: list[tuple[str, int | None]] = []
        mcids, painted, outside = set(), 0, 0
        for operands, operator in pikepdf.parse_content_stream(page):
            operator = str(operator)
            if operator == "BDC":
                properties = operands[1]
                mcid = (
                    int(properties.MCID)
                    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
                    else None
                )
                open_marks.append((str(operands[0]), mcid))
                if mcid is not None:
                    mcids.add(mcid)
            elif operator == "BMC":
                open_marks.append((str(operands[0]), None))
            elif operator == "EMC":
                open_marks.pop()
            elif operator in PAINTING:
                painted += 1
                if not any(mcid is not None or tag == "/Artifact" for tag, mcid in open_marks):
                    outside += 1
        if painted == 0:
            problems.append(f"page {number} paints nothing")
        if outside:
            problems.append(f"page {number}: {outside} of {painted} painted outside any tag")
        for mcid in sorted(mcids):
            element = elements[mcid] if mcid < len(elements) else None
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                problems.append(f"page {number}: content {mcid} has no structure element")
    return problems


def structure_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node):
        if not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    found = element.get("/K")
    found = found if isinstance(found, pikepdf.Array) else [found]
    return [kid for kid in found if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


# PDF/UA


def test_it_has_a_structure_tree_marked_as_tagged(rendered):
    root = rendered["pdf"].Root

    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert {str(element.S) for element in structure_elements(rendered["pdf"])} >= {
        "/Document",
        "/H1",
        "/H2",
        "/Table",
        "/TH",
        "/TD",
        "/L",
        "/LI",
    }


def test_its_language_is_british_english(rendered):
    assert str(rendered["pdf"].Root.Lang) == "en-GB"


def test_the_viewer_shows_the_report_title_as_the_window_title(rendered):
    pdf = rendered["pdf"]

    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == TITLE
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == TITLE
        assert xmp["pdfuaid:part"] == "1"


def test_table_header_cells_are_tagged_as_headers(rendered):
    elements = structure_elements(rendered["pdf"])
    tables = [element for element in elements if element.S == "/Table"]
    heads = [element for element in elements if element.S == "/THead"]

    # Six checklist steps, income and expenditure for 2025-26 (the one year ending in the
    # period; 2024-25 only appears in the chart), the membership table, and the reviews'
    # figures and clocks on time (no review, so no table of recommendations).
    # WeasyPrint tags each page's part of a long table as a table of its own, with its
    # repeated header row; only the first part has the caption.
    captioned = [table for table in tables if kids(table)[0].S == "/Caption"]
    assert len(captioned) == 6 + 2 + 1 + 2
    assert len(tables) > len(captioned)
    for table in tables:
        assert [str(kid.S) for kid in kids(table) if kid.S != "/Caption"] == ["/THead", "/TBody"]
    assert len(heads) == len(tables)
    for head in heads:
        cells = [cell for row in kids(head) for cell in kids(row)]
        assert cells and {str(cell.S) for cell in cells} == {"/TH"}
    # The membership table's agency kind rows are headers inside the body too.
    assert sum(1 for element in elements if element.S == "/TH") > sum(
        len([cell for row in kids(head) for cell in kids(row)]) for head in heads
    )


def test_every_page_s_content_is_tagged(rendered):
    assert len(rendered["pdf"].pages) > 20
    assert untagged_content(rendered["pdf"]) == []


def test_the_tagging_check_fails_on_a_pdf_written_without_the_pdf_ua_variant(rendered):
    plain = HTML(string=rendered["html"], base_url=str(PRINT_CSS.parent)).write_pdf(
        stylesheets=[str(PRINT_CSS)]
    )

    assert untagged_content(pikepdf.open(io.BytesIO(plain))) == [
        "the document has no structure tree"
    ]


def test_the_tagging_check_finds_a_page_painted_outside_its_tags(rendered):
    pdf = pikepdf.open(io.BytesIO(rendered["content"]))
    # Paint a line of text on page 3 after all of its marked content: what a decoration
    # drawn by hand would look like.
    pdf.pages[2].contents_add(b"BT /F1 9 Tf 50 50 Td (loose) Tj ET", prepend=False)

    [problem] = untagged_content(pdf)
    assert re.fullmatch(r"page 3: 1 of \d+ painted outside any tag", problem)


# Layout, read back page by page


def test_the_contents_list_gives_the_page_each_section_starts_on(rendered):
    pages, headings = rendered["pages"], rendered["headings"]
    contents = pages[1]

    assert "Contents" in contents
    assert len(headings) == 12
    for heading in headings:
        found = re.search(re.escape(heading) + r"[\s.]*?(\d+)\b", contents)
        assert found, f"{heading!r} is not in the contents list"
        page = int(found.group(1))
        assert heading in pages[page - 1], f"{heading!r} is not on page {page}"
        # Each section starts a page: the page before (unless it is the contents) does not
        # carry the heading, not even in its running header.
        if page - 1 > 2:
            assert heading not in pages[page - 2], f"{heading!r} starts before page {page}"


def test_the_membership_table_repeats_its_header_row_on_every_page_it_crosses(rendered):
    pages, titles = rendered["pages"], rendered["job_titles"]
    on_pages = [n for n, text in enumerate(pages) if any(title in text for title in titles)]

    # 150 members run over several pages, every one of them holding rows.
    assert len(on_pages) >= 4
    assert on_pages == list(range(on_pages[0], on_pages[-1] + 1))
    for n in on_pages:
        assert "Job title Agency Body Role" in pages[n], f"no header row on page {n + 1}"
    assert sum(text.count("Job title Agency Body Role") for text in pages) == len(on_pages)
    # And no member is left out.
    text = " ".join(pages[n] for n in on_pages)
    assert all(title in text for title in titles)


def test_every_rag_cell_shows_its_word(rendered):
    pages, heading = rendered["pages"], rendered["checklist_heading"]
    checklist = " ".join(text for text in pages[2:] if heading in text)

    # Twenty-four lines of enquiry rated in turn: eight of each word, each in its own cell.
    assert rendered["ratings"] == {"Green": 8, "Amber": 8, "Red": 8}
    for word, count in rendered["ratings"].items():
        assert len(re.findall(rf"\b{word}\b", checklist)) == count, word


def test_every_rag_cell_is_filled_with_its_colour(rendered):
    """The tag backgrounds of report-print.css, as WeasyPrint writes them: one filled
    rectangle per rated line."""
    colours = {"Green": "#cce2d8", "Amber": "#fcd6c3", "Red": "#f4cdc6"}
    fills: dict[str, int] = dict.fromkeys(colours, 0)
    for page in rendered["pdf"].pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "rg":
                rgb = "#" + "".join(f"{round(float(value) * 255):02x}" for value in operands)
                for word, colour in colours.items():
                    if rgb == colour:
                        fills[word] += 1

    assert fills == rendered["ratings"]


def test_the_contributions_chart_keeps_its_key_on_the_chart_s_page(rendered):
    # The key's swatches are small svgs inside the chart's figure; a print rule meant for
    # the chart once drew each of them 150mm wide, a page of colour per partner.
    chart_pages = [text for text in rendered["pages"] if "£25k" in text and "2025-26" in text]

    assert len(chart_pages) == 1
    assert "Local authority Police Integrated care board" in chart_pages[0]


def test_each_page_has_the_running_header_and_footer(rendered):
    pages = rendered["pages"]
    total = len(pages)

    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        if number > 1:  # the cover carries the title as its heading, not in a header
            assert TITLE in text, f"no running header on page {number}"


# The job


@pytest.fixture
def small_report(db):
    return realistic_report(members=20).report


def reports_folder(settings) -> Path:
    return Path(settings.MEDIA_ROOT) / "reports"


def test_a_job_run_stores_the_pdf_with_its_figures(small_report, settings):
    job = RenderJob.objects.create(report=small_report, revision=small_report.revision)

    done = render_job_run(job.pk)

    assert done.state == RenderState.DONE
    assert done.attempts == 1
    assert done.error == ""
    assert done.file.name == f"reports/{job_file_name(done)}"
    assert done.file.name == f"reports/yearly-report-2025-26-job-{job.pk}.pdf"
    content = (reports_folder(settings) / job_file_name(done)).read_bytes()
    assert content.startswith(b"%PDF-")
    assert done.file_size == len(content)
    assert done.page_count == len(PdfReader(io.BytesIO(content)).pages)
    assert done.render_ms > 0
    assert done.finished_at >= done.started_at


def test_running_a_done_job_again_changes_nothing(small_report, settings):
    job = RenderJob.objects.create(report=small_report, revision=small_report.revision)
    render_job_run(job.pk)
    before = RenderJob.objects.values().get(pk=job.pk)
    path = reports_folder(settings) / job_file_name(job)
    stamp = (path.stat().st_mtime_ns, path.read_bytes())

    again = render_job_run(job.pk)

    assert again.pk == job.pk
    assert RenderJob.objects.values().get(pk=job.pk) == before
    assert (path.stat().st_mtime_ns, path.read_bytes()) == stamp
    assert sorted(p.name for p in reports_folder(settings).iterdir()) == [path.name]
    assert RenderJob.objects.count() == 1


def test_an_interrupted_job_runs_again_and_leaves_one_file_and_one_done_row(small_report, settings):
    # A worker died while laying out: the row says laying_out after one attempt, and a file
    # under the job's name was left behind (say, by an attempt killed while saving).
    job = RenderJob.objects.create(
        report=small_report,
        revision=small_report.revision,
        state=RenderState.LAYING_OUT,
        attempts=1,
    )
    folder = reports_folder(settings)
    folder.mkdir(parents=True)
    stale = folder / job_file_name(job)
    stale.write_bytes(b"%PDF-1.7 half written")

    done = render_job_run(job.pk)

    assert done.state == RenderState.DONE
    assert done.attempts == 2
    assert [p.name for p in folder.iterdir()] == [stale.name]
    assert stale.read_bytes().startswith(b"%PDF-") and b"half written" not in stale.read_bytes()
    assert done.file.name == f"reports/{stale.name}"
    assert done.file_size == stale.stat().st_size
    assert list(RenderJob.objects.values_list("pk", "state")) == [(job.pk, RenderState.DONE)]


def test_a_failing_render_marks_the_job_failed_with_the_reason(small_report, settings, monkeypatch):
    def out_of_memory(html, *, on_layout=None):
        raise MemoryError("the layout needed more memory than the worker has")

    monkeypatch.setattr(pdf_module, "pdf_from_html", out_of_memory)
    job = RenderJob.objects.create(report=small_report, revision=small_report.revision)

    with pytest.raises(MemoryError):
        render_job_run(job.pk)

    job.refresh_from_db()
    assert job.state == RenderState.FAILED
    assert job.error == "MemoryError: the layout needed more memory than the worker has"
    assert job.attempts == 1
    assert job.finished_at is not None
    assert job.file.name == ""
    assert not reports_folder(settings).exists()


def test_a_failed_job_is_not_run_again(small_report, monkeypatch):
    job = RenderJob.objects.create(
        report=small_report,
        revision=small_report.revision,
        state=RenderState.FAILED,
        attempts=1,
        error="RuntimeError: no fonts",
    )
    monkeypatch.setattr(pdf_module, "report_pdf", pytest.fail)

    assert render_job_run(job.pk).state == RenderState.FAILED
    job.refresh_from_db()
    assert (job.attempts, job.error) == (1, "RuntimeError: no fonts")


# The management command


def test_the_command_writes_the_pdf_and_says_how_big_and_how_long(small_report, tmp_path):
    output = tmp_path / "report.pdf"
    stdout = io.StringIO()

    call_command("render_report", str(small_report.pk), "--output", str(output), stdout=stdout)

    content = output.read_bytes()
    pages = len(PdfReader(io.BytesIO(content)).pages)
    assert pages > 10
    assert re.fullmatch(
        rf"Wrote {re.escape(str(output))}: {pages} pages, {len(content):,} bytes, "
        r"rendered in \d+\.\d\d seconds\.\n",
        stdout.getvalue(),
    )
    assert RenderJob.objects.count() == 0  # no job, no worker: the file only


def test_the_command_names_the_reports_there_are_when_the_id_is_unknown(small_report, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("render_report", "999999", "--output", str(tmp_path / "report.pdf"))

    assert str(error.value) == (
        f"There is no yearly report 999999. Reports: {small_report.pk} ({TITLE})."
    )
    assert not (tmp_path / "report.pdf").exists()
