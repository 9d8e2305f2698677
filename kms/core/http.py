"""Answers the portal gives when it refuses a request."""

from django.http import HttpResponse
from django.shortcuts import render

# A database key has at most 18 digits (64 signed bits); anything longer
# would overflow it.
KEY_DIGITS = 18


def typed_number(text: str | None, *, digits: int = KEY_DIGITS) -> int | None:
    """A whole number typed in a URL (a page, an id), or None for anything
    else. ASCII digits only: `str.isdigit()` also accepts "²", which `int()`
    refuses with an error."""
    if text and text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None


def bad_request(request, reason) -> HttpResponse:
    """The site's 400 page (templates/400.html) saying why the request was
    refused, in the words of `reason`.

    Django's own handler400 shows no reason, so that an exception's text
    never reaches a visitor: only messages written for people come here.
    """
    return render(request, "400.html", {"reason": reason}, status=400)
