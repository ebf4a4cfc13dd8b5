from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sumai.api"
    verbose_name = "API"
