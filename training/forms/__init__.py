"""The training programme's forms, one module an area, as the views are."""
