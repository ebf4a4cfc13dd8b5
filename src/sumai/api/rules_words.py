"""The input messages of the rules (``POST /api/v1/rules/*``), translated in Sumai's catalogue.

The domain (sumai.domain) writes its :class:`~sumai.domain.errors.InputError` messages in English and imports
no Django, so the API translates them where it answers (sumai.core.api.errors.input_message): the message's
template (``"must be at least %(least)s"``) is looked up in the request's language and its values filled in.
The calls below only let ``makemessages`` collect the templates exactly as the domain writes them;
tests/api/test_rules_language.py holds this list equal to the messages of the modules the rules read.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("%(code)s has a wrong check digit"),
    gettext_noop("%(purpose)s applies until %(until)s, not on %(date)s"),
    gettext_noop("%(value)s is not a valid date"),
    gettext_noop("a household has exactly one applicant; this is a second"),
    gettext_noop("give either fee or costs, not both"),
    gettext_noop("is required"),
    gettext_noop("is required for fiscal year %(year)s (the post-works rent condition)"),
    gettext_noop("is required for fiscal year %(year)s (the unit must be 専用住宅)"),
    gettext_noop("must be a 6-digit local government code with a valid check digit"),
    gettext_noop("must be a 6-digit 全国地方公共団体コード"),
    gettext_noop("must be a circumstance"),
    gettext_noop("must be a date"),
    gettext_noop("must be a date written YYYY-MM-DD"),
    gettext_noop("must be a finite number"),
    gettext_noop("must be a list"),
    gettext_noop("must be a member"),
    gettext_noop("must be a number of m²"),
    gettext_noop("must be a string"),
    gettext_noop("must be a string of 6 digits"),
    gettext_noop("must be a whole number of yen"),
    gettext_noop("must be a year"),
    gettext_noop("must be an integer"),
    gettext_noop("must be an object"),
    gettext_noop("must be at least %(least)s"),
    gettext_noop("must be at most %(most)s"),
    gettext_noop("must be at most %(most)s m²"),
    gettext_noop("must be at most %(most)s yen"),
    gettext_noop("must be between %(low)s and %(high)s"),
    gettext_noop("must be between %(year)s and the year of as_of"),
    gettext_noop("must be one of %(choices)s"),
    gettext_noop("must be one of %(choices)s on %(date)s"),
    gettext_noop("must be one of the works of fiscal year %(year)s: %(choices)s"),
    gettext_noop("must be true or false"),
    gettext_noop("must list at least the applicant"),
    gettext_noop("must not be after %(name)s (%(date)s)"),
    gettext_noop("must not be after as_of"),
    gettext_noop("must not be negative"),
    gettext_noop("no %(program)s parameters for fiscal year %(year)s"),
    gettext_noop("no income thresholds are known for %(date)s"),
    gettext_noop("no member has the role applicant"),
    gettext_noop("no rules are in force on %(date)s"),
    gettext_noop("no subsidy parameters in force on %(date)s"),
    gettext_noop("renovation is not a ledger programme"),
    gettext_noop("the applicant lives in the home"),
    gettext_noop("the date is required for %(code)s"),
    gettext_noop("the rules are known up to %(date)s; no answer is given for a later date"),
    gettext_noop("the 居住サポート住宅 standards start on 2025-10-01, not %(date)s"),
    gettext_noop("unknown circumstance code %(code)s"),
    gettext_noop("unknown facility; one of %(choices)s"),
    gettext_noop("unknown field; allowed: %(allowed)s"),
)
