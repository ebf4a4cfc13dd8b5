"""Django's own messages that the public forms show, translated in Sumai's catalogue too.

Django 5.2 changed some msgids (the password length message now uses ``%d``) and its Vietnamese, Korean and
Portuguese catalogues lag behind, so those messages fell back to Japanese on pages in those languages; and
Django has no catalogue for やさしい日本語 at all. The calls below only let ``makemessages`` collect the
msgids exactly as Django writes them; Sumai's catalogue comes first (LOCALE_PATHS), so its translations win.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a whole number."),
    # the public search's number fields (forms.DecimalField and its bounds, sumai.search.filtersets)
    gettext_noop("Enter a number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
)
PLURAL_MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
