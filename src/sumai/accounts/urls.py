from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from sumai.accounts import passwords, views, views_mfa, views_platform, views_signup

app_name = "accounts"
urlpatterns = [
    path("login/", views_mfa.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # two-factor authentication (sumai.accounts.mfa) and the password prompt (sumai.accounts.reauth)
    path("2fa/", views_mfa.overview, name="otp"),
    path("2fa/verify/", views_mfa.verify, name="otp_verify"),
    path("2fa/setup/", views_mfa.enrol, name="otp_enrol"),
    path("2fa/recovery-codes/", views_mfa.recovery_codes, name="otp_recovery_codes"),
    path("2fa/remove/", views_mfa.remove, name="otp_remove"),
    path("password/confirm/", views_mfa.password_prompt, name="reauth"),
    path(
        "password/reset/",
        passwords.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        passwords.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisations/<id:org_id>/", views.organisation, name="organisation"),
    path("organisations/<id:org_id>/invite/", views.invite, name="invite"),
    path(
        "organisations/<id:org_id>/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<id:org_id>/members/<id:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("organisations/<id:org_id>/members/<id:membership_id>/role/", views.member_role, name="member_role"),
    path("organisations/<id:org_id>/tokens/", views.tokens, name="tokens"),
    path("organisations/<id:org_id>/tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    # self-service sign-up (public)
    path("signup/", views_signup.signup, name="signup"),
    path("signup/sent/", views_signup.signup_sent, name="signup_sent"),
    path("signup/verify/<str:token>/", views_signup.signup_verify, name="signup_verify"),
    # the platform administrator's screens
    path("platform/", views_platform.home, name="platform"),
    path("platform/organisations/", views_platform.organisations, name="platform_organisations"),
    path("platform/organisations/new/", views_platform.organisation_new, name="platform_organisation_new"),
    path("platform/organisations/<id:org_id>/", views_platform.organisation, name="platform_organisation"),
    path(
        "platform/organisations/<id:org_id>/invite/",
        views_platform.organisation_invite,
        name="platform_organisation_invite",
    ),
    path(
        "platform/organisations/<id:org_id>/active/",
        views_platform.organisation_active,
        name="platform_organisation_active",
    ),
    path("platform/users/", views_platform.users, name="platform_users"),
    path("platform/users/<id:user_id>/", views_platform.user, name="platform_user"),
    path("platform/users/<id:user_id>/active/", views_platform.user_active, name="platform_user_active"),
    path("platform/jurisdictions/", views_platform.jurisdictions, name="platform_jurisdictions"),
    path("platform/signups/", views_platform.signups, name="platform_signups"),
    path("platform/signups/<id:signup_id>/", views_platform.signup, name="platform_signup"),
    path(
        "platform/signups/<id:signup_id>/decide/", views_platform.signup_decide, name="platform_signup_decide"
    ),
]
