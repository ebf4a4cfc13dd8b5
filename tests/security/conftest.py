from tests.matrix.conftest import world  # noqa: F401 - the permission matrix's world, reused
