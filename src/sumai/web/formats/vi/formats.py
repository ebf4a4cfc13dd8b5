# Vietnamese: 26.000 (dot between thousands, comma for decimals), as Vietnamese prices are written.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
# A month as Vietnamese writes it, "Tháng 12/2026" (Django's "F Y" gave "Tháng 12 2026", a walk found)
YEAR_MONTH_FORMAT = r"\T\h\á\n\g n/Y"
