"""WSGI entry point, used by `kurs serve` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurs.settings")

application = get_wsgi_application()
