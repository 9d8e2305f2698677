"""Requests refused before any view reads them."""

from django.utils.translation import gettext_lazy as _

from kms.core.http import bad_request

NUL_REFUSED = _(
    "The address or the form contains a null character (NUL), which no text "
    "in the portal can hold. Remove it and try again."
)

# The bodies Django parses into request.POST; a file's content is no text
# field and stays out of the check.
_FORM_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data"}
)


def _any_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in data.lists()
    )


def carries_nul(request) -> bool:
    """Whether the path, the query string or a posted form field holds NUL."""
    if "\x00" in request.path or _any_nul(request.GET):
        return True
    return request.content_type in _FORM_CONTENT_TYPES and _any_nul(request.POST)


class RefuseNulMiddleware:
    """A NUL character in the path, the query string or a form field is
    answered with the site's 400 page, before any view sees it.

    PostgreSQL cannot store NUL in text: psycopg refuses the query and the
    page answers 500 wherever a view hands such a value to the database
    (a filter on `?tax_id=%00`, a `<str:...>` path part). Django's form
    CharField refuses it already; values read by hand from request.GET or
    the path are not, so they are refused here, once for every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return bad_request(request, NUL_REFUSED)
        return self.get_response(request)
