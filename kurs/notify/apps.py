from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "kurs.notify"
    verbose_name = _("Reminders and updates")
