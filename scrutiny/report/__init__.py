"""The yearly report: its kinds of generated section, the narrative's Markdown, the assembly of
the whole document, and the PDF."""
