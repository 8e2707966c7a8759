"""Views of the partnership app, one module per area; each view declares who may use it."""
