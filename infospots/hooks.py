"""Where apps above the registry add to its pages.

The registry may not import them (README, Architecture), so they register
here when they start (their AppConfig.ready) and the registry's views call
whatever is registered.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

# A section of the firm page: (request, firm) -> its HTML, "" for none.
FirmPageSection = Callable[[HttpRequest, object], SafeString | str]

_firm_page_sections: list[FirmPageSection] = []


def add_firm_page_section(section: FirmPageSection) -> FirmPageSection:
    """Show `section` on every firm page, after the firm's identity, in the
    order the apps registered (their order in INSTALLED_APPS)."""
    if section not in _firm_page_sections:
        _firm_page_sections.append(section)
    return section


def firm_page_sections(request: HttpRequest, firm) -> list[str]:
    """The registered sections of `firm`'s page, rendered for `request`."""
    return [html for section in _firm_page_sections if (html := section(request, firm))]
