# Temporary wiring until the accounts pages land (the accounts helper replaces this file).
from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", auth_views.LoginView.as_view(), name="register"),
    path("profile/", auth_views.LoginView.as_view(), name="profile"),
    path("organizations/", auth_views.LoginView.as_view(), name="organization_list"),
    path("organizations/<uuid:uuid>/", auth_views.LoginView.as_view(), name="organization_detail"),
]
