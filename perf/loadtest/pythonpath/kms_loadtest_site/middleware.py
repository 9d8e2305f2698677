"""Counts the SQL queries of one request when asked to.

A request carrying `X-Count-Queries` gets an `X-Query-Count` header; any
other request passes straight through, so the measured runs pay nothing.
"""

from django.db import connection

ASK_HEADER = "HTTP_X_COUNT_QUERIES"
ANSWER_HEADER = "X-Query-Count"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ASK_HEADER not in request.META:
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[ANSWER_HEADER] = str(count)
        return response
