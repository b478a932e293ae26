from django.urls import path

from kurs.coach.views import health, hints

urlpatterns = [
    path("units/<int:pk>/health/", health.unit_health, name="coach_health"),
    path("coach/hints/objective/", hints.objective_hints, name="coach_objective_hints"),
    path("coach/hints/key-result/", hints.key_result_hints, name="coach_key_result_hints"),
]
