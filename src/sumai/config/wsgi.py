"""WSGI entry point (gunicorn sumai.config.wsgi).

Defaults to the production settings: a server started without ``DJANGO_SETTINGS_MODULE`` refuses to start
when its secrets are missing instead of running with DEBUG on (docs/security.md).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.production")
application = get_wsgi_application()
