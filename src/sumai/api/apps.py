from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sumai.api"
    verbose_name = "API"

    def ready(self) -> None:
        from sumai.api import schema  # noqa: F401  (registers the OpenAPI extension)
        from sumai.api.permissions import PERMISSIONS, PUBLIC_READS
        from sumai.core import permissions
        from sumai.core.db_router import register_public_reads

        permissions.register("api", PERMISSIONS)
        register_public_reads("api", PUBLIC_READS)
