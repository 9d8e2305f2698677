"""WSGI entry point (gunicorn kms.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kms.settings")

application = get_wsgi_application()
