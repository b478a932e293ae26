from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kurs.api"
    label = "kurs_api"
