"""Scrutiny forms, one module per area."""
