"""ASGI entry point (uvicorn sumai.config.asgi:application).

Defaults to the production settings, like :mod:`sumai.config.wsgi`.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.production")
application = get_asgi_application()
