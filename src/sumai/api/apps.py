from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sumai.api"
    verbose_name = "API"

    def ready(self) -> None:
        from sumai.api import schema  # noqa: F401  (registers the OpenAPI extension)
        from sumai.api.permissions import PERMISSIONS
        from sumai.core import permissions

        permissions.register("api", PERMISSIONS)
