"""The search tests' small indexed stock (tests/search/conftest.py) for the load mix's checks."""

from tests.search.conftest import operator, stock  # noqa: F401 - fixtures
