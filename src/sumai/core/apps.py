from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sumai.core"
    label = "core"
    verbose_name = _("Kernel")

    def ready(self) -> None:
        from sumai.core import converters

        converters.register()

        from sumai.core import metrics

        if metrics.enabled():
            from django.db.backends.signals import connection_created

            connection_created.connect(metrics.instrument_connection, dispatch_uid="sumai.core.metrics")
