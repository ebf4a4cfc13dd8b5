# Vietnamese: 26.000 (dot between thousands, comma for decimals), as Vietnamese prices are written.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
