"""WSGI entry point (gunicorn sumai.config.wsgi).

Defaults to the production settings: a server started without ``DJANGO_SETTINGS_MODULE`` refuses to start
when its secrets are missing instead of running with DEBUG on (docs/security.md).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.production")
application = get_wsgi_application()
# What the process loaded to start (Django, the apps, the catalogues) lives as long as the process: moved
# out of the collector's generations, it is not walked again by every full collection — which otherwise
# lands inside a request (up to 3 ms in a match of 80 homes: docs/performance.md "Matching").
gc.collect()
gc.freeze()
