"""Example arguments for URL patterns that take some, one module per area.

Each module defines:
- EXAMPLES: {url name: function(cast) -> kwargs}. The function gets the fixed cast of users
  (tests/conftest.py `cast`) and makes whatever record the URL needs, e.g. an action owned by
  agency A for `portal:action`.
- OUTCOMES (optional): {url name: {cast member: expected}} where a record-scoped view answers
  differently from its declaration, e.g. {"portal:action": {"agency_lead_b": 404}}. A
  POST-only view that redirects to a record the example made can expect "302 to a record".
- POST_ONLY (optional): names of URLs that only accept POST; the matrix posts to them.
- NOT_HTML (optional): names of URLs that answer with a file or data, not a page; the browser
  check of every page leaves them out.
tests/partnership/test_access.py and tests/e2e/test_pages.py read them all.
"""

import importlib
import pkgutil

EXAMPLES: dict = {}
OUTCOMES: dict = {}
POST_ONLY: set = set()
NOT_HTML: set = {"healthz"}

for module_info in pkgutil.iter_modules(__path__):
    module = importlib.import_module(f"{__name__}.{module_info.name}")
    EXAMPLES.update(getattr(module, "EXAMPLES", {}))
    OUTCOMES.update(getattr(module, "OUTCOMES", {}))
    POST_ONLY.update(getattr(module, "POST_ONLY", set()))
    NOT_HTML.update(getattr(module, "NOT_HTML", set()))
