"""Number formats where Django's own leave thousands ungrouped (#14 item 10: "26.000 yên", not "26000"):
Vietnamese groups by three with a dot, Simplified Chinese by three with a comma. The other languages keep
Django's formats (ja, en, ko: 26,000; pt-BR: 26.000). ``FORMAT_MODULE_PATH`` names this package."""
