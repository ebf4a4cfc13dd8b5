from django.contrib import admin

from sumai.places.models import Municipality, Prefecture, RegistrationBody


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "population"]
    exclude = ["geometry"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "kind", "prefecture", "population"]
    list_filter = ["kind", "prefecture"]
    search_fields = ["code", "name", "kana"]


@admin.register(RegistrationBody)
class RegistrationBodyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "prefecture", "active_from", "active_until"]
