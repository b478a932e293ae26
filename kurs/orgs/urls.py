from django.urls import path

from kurs.orgs import views

urlpatterns = [
    path("account/", views.account, name="account"),
    path("language/", views.set_language, name="set_language"),
    path("manage/units/", views.manage_units, name="manage_units"),
    path("manage/units/<int:pk>/", views.manage_unit_edit, name="manage_unit_edit"),
    path("manage/people/", views.manage_people, name="manage_people"),
    path("manage/people/<int:pk>/", views.manage_person_edit, name="manage_person_edit"),
    path("manage/cycles/", views.manage_cycles, name="manage_cycles"),
    path("manage/cycles/<int:pk>/", views.manage_cycle_edit, name="manage_cycle_edit"),
    path("manage/settings/", views.manage_settings, name="manage_settings"),
]
