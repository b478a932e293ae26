from django.urls import path

from kurs.goals import views, views_copy

urlpatterns = [
    path("", views.my_okrs, name="my_okrs"),
    path("check-in/", views.check_in, name="check_in"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/copy-forward/", views_copy.copy_forward, name="copy_forward"),
    path("tree/", views.alignment_tree, name="alignment_tree"),
    path("tree/<int:pk>/children/", views.tree_children, name="tree_children"),
    path("objectives/new/", views.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/retire/", views.objective_retire, name="objective_retire"),
    path("objectives/<int:pk>/key-results/new/", views.key_result_create, name="key_result_create"),
    path("objectives/<int:pk>/actions/", views.initiative_create, name="initiative_create"),
    path("actions/<int:pk>/toggle/", views.initiative_toggle, name="initiative_toggle"),
    path("key-results/<int:pk>/", views.key_result_detail, name="key_result_detail"),
    path("key-results/<int:pk>/edit/", views.key_result_edit, name="key_result_edit"),
    path("key-results/<int:pk>/retire/", views.key_result_retire, name="key_result_retire"),
]
