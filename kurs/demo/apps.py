from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kurs.demo"
    label = "kurs_demo"
