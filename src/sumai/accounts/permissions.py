"""The accounts app's rows of the permissions table: sign-in, password, the organisation's members and
tokens (admins of the organisation in the URL)."""

from __future__ import annotations

from sumai.core.roles import ROLES
from sumai.core.rules import AUTHENTICATED, PUBLIC, SUPERUSER, Rule, of_url_organisation

# Who may do what is always read on the primary, never on a lagging replica (sumai.core.db_router): a revoked
# token, a removed member or a closed session must stop working at once.
PRIMARY_MODELS = frozenset(
    {
        "accounts.user",
        "accounts.membership",
        "accounts.apitoken",
        "sessions.session",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "axes.accessattempt",
    }
)

PERMISSIONS: dict[str, Rule] = {
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    # two-factor authentication: the signed-in person's own (sumai.accounts.mfa); the middleware keeps a
    # person who must still verify on verify/enrol
    "accounts:otp": AUTHENTICATED,
    "accounts:otp_verify": AUTHENTICATED,
    "accounts:otp_enrol": AUTHENTICATED,
    "accounts:otp_recovery_codes": AUTHENTICATED,
    "accounts:otp_remove": AUTHENTICATED,
    "accounts:reauth": AUTHENTICATED,
    "accounts:password_change": AUTHENTICATED,
    "accounts:password_change_done": AUTHENTICATED,
    "accounts:invitation_accept": PUBLIC,
    "accounts:organisation": of_url_organisation(*ROLES),
    "accounts:invite": of_url_organisation("admin"),
    "accounts:invitation_revoke": of_url_organisation("admin"),
    "accounts:member_remove": of_url_organisation("admin"),
    "accounts:member_role": of_url_organisation("admin"),
    "accounts:tokens": of_url_organisation("admin"),
    "accounts:token_revoke": of_url_organisation("admin"),
    # self-service sign-up: anyone (throttled, honeypot; docs/decisions/0009-onboarding.md)
    "accounts:signup": PUBLIC,
    "accounts:signup_sent": PUBLIC,
    "accounts:signup_verify": PUBLIC,
    # the platform administrator's screens
    "accounts:platform": SUPERUSER,
    "accounts:platform_organisations": SUPERUSER,
    "accounts:platform_organisation_new": SUPERUSER,
    "accounts:platform_organisation": SUPERUSER,
    "accounts:platform_organisation_invite": SUPERUSER,
    "accounts:platform_organisation_active": SUPERUSER,
    "accounts:platform_users": SUPERUSER,
    "accounts:platform_user": SUPERUSER,
    "accounts:platform_user_active": SUPERUSER,
    "accounts:platform_jurisdictions": SUPERUSER,
    "accounts:platform_signups": SUPERUSER,
    "accounts:platform_signup": SUPERUSER,
    "accounts:platform_signup_decide": SUPERUSER,
}
