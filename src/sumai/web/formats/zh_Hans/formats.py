# Simplified Chinese: 26,000 (comma between thousands), as prices are written in mainland China.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
