"""Production settings (kms.settings, read from the environment), plus the
trivial view's URL and the query counter. Nothing else changes."""

from kms.settings import *  # noqa: F403
from kms.settings import MIDDLEWARE

ROOT_URLCONF = "kms_loadtest_site.urls"
# First, so that it counts the queries of every middleware below it too.
MIDDLEWARE = ["kms_loadtest_site.middleware.QueryCountMiddleware", *MIDDLEWARE]
