from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("kurs.goals.urls")),
    path("", include("kurs.orgs.urls")),
    path("", include("kurs.strategy.urls")),
    path("", include("kurs.coach.urls")),
    path("", include("kurs.transfer.urls")),
    path("", include("kurs.notify.urls")),
    path("api/v1/", include("kurs.api.urls")),
]
