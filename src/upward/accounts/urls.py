from django.contrib.auth import views as auth_views
from django.urls import path

from upward.accounts import password_views, sso, views

urlpatterns = [
    path("accounts/login/", views.PasswordLogin.as_view(), name="login"),
    path("sso/start/", sso.SsoStart.as_view(), name="sso_start"),
    path("sso/callback/", sso.SsoCallback.as_view(), name="sso_callback"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/forgot/", password_views.forgot_password, name="password_forgot"),
    path(
        "accounts/password/set/<uidb64>/<token>/",
        password_views.SetPasswordView.as_view(),
        name="password_set",
    ),
    path("me/", views.me, name="me"),
    path("me/profile/", views.profile, name="profile"),
    path("me/time-zone/", views.time_zone, name="time_zone"),
    path("accounts/two-factor/setup/", views.mfa_setup, name="mfa_setup"),
    path("accounts/two-factor/", views.mfa_verify, name="mfa_verify"),
]
