from django.urls import path

from kurs.notify import views_settings, views_update

urlpatterns = [
    path("units/<int:pk>/update/", views_update.unit_update, name="weekly_update"),
    path("updates/<str:token>/", views_update.public_update, name="public_update"),
    path(
        "account/notifications/", views_settings.notification_settings, name="notification_settings"
    ),
]
