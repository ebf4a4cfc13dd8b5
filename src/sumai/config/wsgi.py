"""WSGI entry point (gunicorn sumai.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
application = get_wsgi_application()
