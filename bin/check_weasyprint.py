"""Say exactly what to install when WeasyPrint cannot find its system libraries."""

import sys

try:
    import weasyprint  # noqa: F401
except OSError as error:
    sys.exit(
        "WeasyPrint, which renders the yearly report as PDF, cannot load Pango:\n"
        f"  {error}\n"
        "Install it with:\n"
        "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0\n"
        "  macOS (Homebrew): brew install pango\n"
        "then run make run again."
    )
