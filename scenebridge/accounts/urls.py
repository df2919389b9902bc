from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from scenebridge.accounts import views

app_name = "accounts"

_password_pages = [
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.api_token_create, name="api_token_create"),
    path("profile/tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    *_password_pages,
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<uuid:uuid>/", views.organization_detail, name="organization_detail"),
    path("organizations/<uuid:uuid>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<uuid:uuid>/members/", views.organization_members, name="organization_members"),
]
