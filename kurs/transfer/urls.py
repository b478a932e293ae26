from django.urls import path

from kurs.transfer import views_export, views_import

urlpatterns = [
    path("import/", views_import.upload, name="import_upload"),
    path("import/<int:pk>/", views_import.job, name="import_job"),
    path("export/", views_export.download, name="okr_export"),
]
