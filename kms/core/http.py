"""Answers the portal gives when it refuses a request."""

from django.http import HttpResponse
from django.shortcuts import render


def bad_request(request, reason) -> HttpResponse:
    """The site's 400 page (templates/400.html) saying why the request was
    refused, in the words of `reason`.

    Django's own handler400 shows no reason, so that an exception's text
    never reaches a visitor: only messages written for people come here.
    """
    return render(request, "400.html", {"reason": reason}, status=400)
