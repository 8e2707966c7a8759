"""Scrutiny's services, one module per area: `frameworks` (importing and exporting question
sets), `assessments` (rating, submitting, returning and accepting), `rounds` (Section 11)."""
