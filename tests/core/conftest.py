from tests.registry.conftest import _media_in_tmp, registry_world  # noqa: F401 (fixtures used here too)
