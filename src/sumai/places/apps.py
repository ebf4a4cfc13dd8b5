from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "sumai.places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from sumai.core import permissions
        from sumai.places.models import RegistrationBody
        from sumai.places.permissions import PERMISSIONS
        from sumai.places.selectors import clear_authority_cache

        permissions.register("places", PERMISSIONS)

        def changed(**kwargs: object) -> None:
            clear_authority_cache()

        post_save.connect(changed, sender=RegistrationBody, weak=False)
        post_delete.connect(changed, sender=RegistrationBody, weak=False)
