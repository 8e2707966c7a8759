"""Scrutiny views, one module per area."""
