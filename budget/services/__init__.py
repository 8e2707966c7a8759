"""The budget's services: the figures worked out from a year's lines, the changes the business
unit makes, and the import and export of lines. `from budget import services` reaches them all."""

from .figures import (
    PARTNER_KINDS,
    Comparison,
    ComparisonRow,
    PartnerShares,
    Share,
    Statement,
    StatementLine,
    Totals,
    column_totals,
    comparison,
    partner_shares,
    percent,
    statement,
    training_fee_income,
    year_lines,
)
from .spreadsheets import LinesImport, StatedTotal, lines_export, lines_import
from .years import (
    line_delete,
    line_save,
    training_fees_fill,
    year_create,
    year_note_save,
    year_publish,
    year_unpublish,
)

__all__ = [
    "PARTNER_KINDS",
    "Comparison",
    "ComparisonRow",
    "LinesImport",
    "PartnerShares",
    "Share",
    "StatedTotal",
    "Statement",
    "StatementLine",
    "Totals",
    "column_totals",
    "comparison",
    "line_delete",
    "line_save",
    "lines_export",
    "lines_import",
    "partner_shares",
    "percent",
    "statement",
    "training_fee_income",
    "training_fees_fill",
    "year_create",
    "year_lines",
    "year_note_save",
    "year_publish",
    "year_unpublish",
]
